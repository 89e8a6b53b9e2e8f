package io.strata.platform.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Commands carry text from outside the platform into events, and events into projections: a server's stderr
 * in a failure message, file names an SFTP server or a tar stream sent, a storage service's error text. No
 * PostgreSQL text or jsonb value can hold a NUL character, so one would fail the projection storing it (the
 * event parked, and the tenant's later events with it). A command whose text holds NUL characters is
 * dispatched with each replaced by U+FFFD; all other text is kept as it was. Requests from the API never get
 * this far with one (they are refused with {@code INVALID_CHARACTER}).
 *
 * <p>The text is found through the command's {@code toString} (records print every component, nested ones
 * too), so commands without NUL characters, nearly all, cost one string and are passed on untouched.
 */
final class NulFreeCommandText implements MessageDispatchInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(NulFreeCommandText.class);
    static final String REPLACEMENT = "\uFFFD";

    private final ObjectMapper json;

    NulFreeCommandText(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            Object payload = message.getPayload();
            if (payload == null || String.valueOf(payload).indexOf('\0') < 0) {
                return message;
            }
            Object clean;
            try {
                clean = json.treeToValue(withoutNul(json.valueToTree(payload)), payload.getClass());
            } catch (Exception e) {
                // left as it is: the projection that cannot store it parks the event (see the query side)
                log.warn("A {} holds NUL characters that could not be replaced: {}", message.getCommandName(), e.toString());
                return message;
            }
            return new GenericCommandMessage<>(new GenericMessage<>(message.getIdentifier(), clean, message.getMetaData()),
                    message.getCommandName());
        };
    }

    private static JsonNode withoutNul(JsonNode node) {
        if (node instanceof TextNode text && text.textValue().indexOf('\0') >= 0) {
            return TextNode.valueOf(text.textValue().replace("\0", REPLACEMENT));
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(withoutNul(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withoutNul(array.get(i)));
            }
        }
        return node;
    }
}
