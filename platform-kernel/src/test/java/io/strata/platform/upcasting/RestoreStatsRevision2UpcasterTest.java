package io.strata.platform.upcasting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreStats;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;

/**
 * Stored revision-1 restore events (the shared kernel's frozen JSON, as first stored) read as revision 2 through
 * the event store's upcast-and-deserialize path, with a mapper that refuses missing properties.
 */
class RestoreStatsRevision2UpcasterTest {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new JavaTimeModule())
            .build();
    private static final JacksonSerializer SERIALIZER = JacksonSerializer.builder().objectMapper(STRICT).build();
    private static final TenantId TENANT = TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21");
    private static final RestoreId RESTORE = RestoreId.of("r-1");
    private static final BackupId BACKUP = BackupId.of("b-1");

    @Test
    void aStoredRevisionOneCompletionReadsWithNoOwnersLeftOut() throws IOException {
        assertThat(readStored(RestoreCompleted.class, "/events/RestoreCompleted.json", new RestoreStatsRevision2Upcaster()))
                .isEqualTo(new RestoreCompleted(RESTORE, TENANT, BACKUP, new RestoreStats(3, 4096, 3, 120, 0)));
    }

    @Test
    void aStoredRevisionOneFailureReadsWithNoOwnersLeftOut() throws IOException {
        assertThat(readStored(RestoreFailed.class, "/events/RestoreFailed.json", new RestoreStatsRevision2Upcaster()))
                .isEqualTo(new RestoreFailed(RESTORE, TENANT, BACKUP, "RESTORE_INCOMPLETE", "1 files could not be restored",
                        new RestoreStats(2, 2048, 2, 90, 0), List.of("/etc/hosts: blob damaged")));
    }

    @Test
    void withoutTheUpcasterARevisionOneCompletionCannotBeRead() {
        assertThatThrownBy(() -> readStored(RestoreCompleted.class, "/events/RestoreCompleted.json"))
                .hasStackTraceContaining("Missing creator property");
    }

    @Test
    void revisionTwoEventsPassUnchanged() throws IOException {
        String json = frozen("/events/RestoreCompleted-r2.json");
        Object event = read(RestoreCompleted.class, json, RestoreStatsRevision2Upcaster.REVISION,
                new RestoreStatsRevision2Upcaster());
        assertThat(((RestoreCompleted) event).stats().ownersNotApplied()).isEqualTo(1);
    }

    private static Object readStored(Class<?> type, String resource, RestoreStatsRevision2Upcaster... upcasters)
            throws IOException {
        return read(type, frozen(resource), null, upcasters);
    }

    private static Object read(Class<?> type, String json, String revision, RestoreStatsRevision2Upcaster... upcasters) {
        var entry = new GenericDomainEventEntry<>("Restore", RESTORE.value(), 0, "event-1", Instant.EPOCH,
                type.getName(), revision, json.getBytes(), "{}".getBytes());
        return EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), SERIALIZER,
                new EventUpcasterChain(upcasters)).next().getPayload();
    }

    private static String frozen(String resource) throws IOException {
        try (InputStream in = RestoreStatsRevision2UpcasterTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("frozen JSON " + resource).isNotNull();
            return new String(in.readAllBytes()).strip();
        }
    }
}
