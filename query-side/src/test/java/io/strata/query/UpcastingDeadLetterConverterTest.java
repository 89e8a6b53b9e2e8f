package io.strata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.platform.upcasting.BackupStatsRevision2Upcaster;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEventEntry;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.junit.jupiter.api.Test;

/** An event parked before its class moved to revision 2 is read back in revision 2. */
class UpcastingDeadLetterConverterTest {
    private static final JacksonSerializer STRICT = JacksonSerializer.builder().objectMapper(JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new JavaTimeModule())
            .build()).build();

    @Test
    void aParkedRevisionOneCompletionIsReadAsRevisionTwo() throws IOException {
        DeadLetterEventEntry parked = parkedRevisionOneCompletion();
        var converter = new UpcastingDeadLetterConverter(new EventUpcasterChain(new BackupStatsRevision2Upcaster()));

        EventMessage<?> message = converter.convert(parked, STRICT, STRICT);

        assertThat(message.getIdentifier()).isEqualTo("event-1");
        assertThat(message.getPayload()).isEqualTo(new BackupCompleted(BackupId.of("b-1"),
                TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21"), PlanId.of("p-1"),
                ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c"), BackupLevel.DIFFERENTIAL,
                List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                new BackupStats(10, 4, 6, 1000, 400, 300, 200, 1234, 0, 0), false, List.of()));
    }

    @Test
    void withoutUpcastersTheSameLetterCannotBeRead() throws IOException {
        DeadLetterEventEntry parked = parkedRevisionOneCompletion();
        var converter = new UpcastingDeadLetterConverter(new EventUpcasterChain());
        assertThatThrownBy(() -> converter.convert(parked, STRICT, STRICT).getPayload())
                .hasStackTraceContaining("Missing creator property");
    }

    private static DeadLetterEventEntry parkedRevisionOneCompletion() throws IOException {
        byte[] json;
        try (InputStream in = UpcastingDeadLetterConverterTest.class.getResourceAsStream("/events/BackupCompleted.json")) {
            assertThat(in).as("frozen revision-1 JSON").isNotNull();
            json = in.readAllBytes();
        }
        return new DeadLetterEventEntry("org.axonframework.eventhandling.GenericDomainEventMessage", "event-1",
                "2026-11-27T13:10:00.123Z", BackupCompleted.class.getName(), null, json, "{}".getBytes(), "Backup", "b-1",
                3L, null, null);
    }
}
