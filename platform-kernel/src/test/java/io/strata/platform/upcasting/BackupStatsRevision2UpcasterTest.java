package io.strata.platform.upcasting;

import static io.strata.platform.upcasting.StoredEvents.SERIALIZER;
import static io.strata.platform.upcasting.StoredEvents.frozen;
import static io.strata.platform.upcasting.StoredEvents.read;
import static io.strata.platform.upcasting.StoredEvents.readStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored revision-1 backup events (the shared kernel's frozen JSON, as first stored) read as revision 2 through
 * the same upcast-and-deserialize path the event store uses, with a mapper that refuses missing properties: so
 * an event the upcaster did not complete fails here rather than reading with made-up defaults.
 */
class BackupStatsRevision2UpcasterTest {
    private static final TenantId TENANT = TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21");
    private static final BackupId BACKUP = BackupId.of("b-1");
    private static final BackupStats STATS_WITHOUT_PROBLEMS = new BackupStats(10, 4, 6, 1000, 400, 300, 200, 1234, 0, 0);

    @Test
    void aStoredRevisionOneCompletionReadsWithNoFailedOrChangedFilesAndNoProblems() throws IOException {
        assertThat(readStored(BackupCompleted.class, "/events/BackupCompleted.json", new BackupStatsRevision2Upcaster()))
                .isEqualTo(new BackupCompleted(BACKUP, TENANT, PlanId.of("p-1"),
                        ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c"), BackupLevel.DIFFERENTIAL,
                        List.of("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                        STATS_WITHOUT_PROBLEMS, false, List.of()));
    }

    @Test
    void aStoredRevisionOneHeartbeatReadsWithNoFailedOrChangedFiles() throws IOException {
        assertThat(readStored(BackupProgressed.class, "/events/BackupProgressed.json", new BackupStatsRevision2Upcaster()))
                .isEqualTo(new BackupProgressed(BACKUP, TENANT, 1, STATS_WITHOUT_PROBLEMS));
    }

    @Test
    void withoutTheUpcasterARevisionOneCompletionCannotBeRead() {
        assertThatThrownBy(() -> readStored(BackupCompleted.class, "/events/BackupCompleted.json"))
                .hasStackTraceContaining("Missing creator property");
    }

    @Test
    void revisionTwoEventsPassUnchanged() throws IOException {
        String json = frozen("/events/BackupProgressed-r2.json");
        Object event = read(BackupProgressed.class, json, BackupStatsRevision2Upcaster.REVISION, new BackupStatsRevision2Upcaster());
        assertThat(event).isEqualTo(SERIALIZER.getObjectMapper().readValue(json, BackupProgressed.class));
        assertThat(((BackupProgressed) event).progress().filesFailed()).isEqualTo(2);
    }
}
