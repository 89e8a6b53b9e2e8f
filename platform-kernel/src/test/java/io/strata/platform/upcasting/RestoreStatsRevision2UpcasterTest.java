package io.strata.platform.upcasting;

import static io.strata.platform.upcasting.StoredEvents.frozen;
import static io.strata.platform.upcasting.StoredEvents.read;
import static io.strata.platform.upcasting.StoredEvents.readStored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreStats;
import java.io.IOException;
import java.util.List;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.junit.jupiter.api.Test;

/**
 * Stored revision-1 restore events (the shared kernel's frozen JSON, as first stored) read as revision 2 through
 * the event store's upcast-and-deserialize path ({@link StoredEvents}), and on to today's revision through the next
 * upcaster, in the order Spring gives them ({@code @Order}).
 */
class RestoreStatsRevision2UpcasterTest {
    private static final TenantId TENANT = TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21");
    private static final RestoreId RESTORE = RestoreId.of("r-1");
    private static final BackupId BACKUP = BackupId.of("b-1");
    /** The restore statistics' upcasters in their order. */
    static final EventUpcaster[] CHAIN = {new RestoreStatsRevision2Upcaster(), new RestoreStatsRevision3Upcaster()};

    @Test
    void aStoredRevisionOneCompletionReadsWithNoOwnersLeftOut() throws IOException {
        assertThat(readStored(RestoreCompleted.class, "/events/RestoreCompleted.json", CHAIN))
                .isEqualTo(new RestoreCompleted(RESTORE, TENANT, BACKUP, new RestoreStats(3, 4096, 3, 120, 0, 0)));
    }

    @Test
    void aStoredRevisionOneFailureReadsWithNoOwnersLeftOut() throws IOException {
        assertThat(readStored(RestoreFailed.class, "/events/RestoreFailed.json", CHAIN))
                .isEqualTo(new RestoreFailed(RESTORE, TENANT, BACKUP, "RESTORE_INCOMPLETE", "1 files could not be restored",
                        new RestoreStats(2, 2048, 2, 90, 0, 0), List.of("/etc/hosts: blob damaged")));
    }

    @Test
    void withoutTheUpcasterARevisionOneCompletionCannotBeRead() {
        assertThatThrownBy(() -> readStored(RestoreCompleted.class, "/events/RestoreCompleted.json"))
                .hasStackTraceContaining("Missing creator property");
    }

    @Test
    void revisionTwoEventsPassUnchanged() throws IOException {
        String json = frozen("/events/RestoreCompleted-r2.json");
        Object event = read(RestoreCompleted.class, json, RestoreStatsRevision2Upcaster.REVISION, CHAIN);
        assertThat(((RestoreCompleted) event).stats().ownersNotApplied()).isEqualTo(1);
    }
}
