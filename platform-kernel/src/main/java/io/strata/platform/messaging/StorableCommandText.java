package io.strata.platform.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.strata.platform.database.StorableText;
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
 * event parked, and the tenant's later events with it); nor a lone UTF-16 surrogate, which is how the engine
 * holds the bytes of a file name that are not UTF-8 (the driver writes {@code ?} for it in text, jsonb refuses
 * it). A command whose text holds either is dispatched with each replaced by U+FFFD, as a UTF-8 decoder shows
 * such bytes; all other text is kept as it was. Requests from the API never get this far with one (they are
 * refused with {@code INVALID_CHARACTER}).
 *
 * <p>The text is found through the command's {@code toString} (records print every component, nested ones
 * too), so commands without such characters, nearly all, cost one string and one scan and are passed on
 * untouched.
 */
final class StorableCommandText implements MessageDispatchInterceptor<CommandMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(StorableCommandText.class);

    private final ObjectMapper json;

    StorableCommandText(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, message) -> {
            Object payload = message.getPayload();
            if (payload == null || StorableText.isStorable(String.valueOf(payload))) {
                return message;
            }
            Object clean;
            try {
                clean = json.treeToValue(storableOnly(json.valueToTree(payload)), payload.getClass());
            } catch (Exception e) {
                // left as it is: the projection that cannot store it parks the event (see the query side)
                log.warn("A {} holds characters PostgreSQL cannot store that could not be replaced: {}",
                        message.getCommandName(), e.toString());
                return message;
            }
            return new GenericCommandMessage<>(new GenericMessage<>(message.getIdentifier(), clean, message.getMetaData()),
                    message.getCommandName());
        };
    }

    private static JsonNode storableOnly(JsonNode node) {
        if (node instanceof TextNode text) {
            String storable = StorableText.storable(text.textValue());
            return storable == text.textValue() ? text : TextNode.valueOf(storable); // the same string when storable
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                field.setValue(storableOnly(field.getValue()));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, storableOnly(array.get(i)));
            }
        }
        return node;
    }
}
