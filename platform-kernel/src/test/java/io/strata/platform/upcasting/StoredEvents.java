package io.strata.platform.upcasting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/**
 * Reads events as the event store does (upcast, then deserialize) with a mapper that refuses missing properties,
 * so an event an upcaster did not complete fails rather than reading with made-up defaults; and the shared
 * kernel's frozen JSON of each event shape.
 */
final class StoredEvents {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new JavaTimeModule())
            .build();
    static final JacksonSerializer SERIALIZER = JacksonSerializer.builder().objectMapper(STRICT).build();

    private StoredEvents() {
    }

    /** The payload of {@code json} stored as {@code type} at {@code revision} (null: none), read through {@code upcasters}. */
    static Object read(Class<?> type, String json, String revision, EventUpcaster... upcasters) {
        var entry = new GenericDomainEventEntry<>("Aggregate", "aggregate-1", 0, "event-1", Instant.EPOCH,
                type.getName(), revision, json.getBytes(), "{}".getBytes());
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), SERIALIZER,
                new EventUpcasterChain(upcasters)).next().getPayload();
    }

    /** A frozen revision-1 event (stored without a revision), read through {@code upcasters}. */
    static Object readStored(Class<?> type, String resource, EventUpcaster... upcasters) throws IOException {
        return read(type, frozen(resource), null, upcasters);
    }

    static String frozen(String resource) throws IOException {
        try (InputStream in = StoredEvents.class.getResourceAsStream(resource)) {
            assertThat(in).as("frozen JSON " + resource).isNotNull();
            return new String(in.readAllBytes()).strip();
        }
    }
}
