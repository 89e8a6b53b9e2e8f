package io.strata.platform.upcasting;

import static io.strata.platform.upcasting.StoredEvents.frozen;
import static io.strata.platform.upcasting.StoredEvents.read;
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
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * Stored revision-2 restore events (the shared kernel's frozen JSON of that revision) read as revision 3, with no
 * entries counted as left without extended attributes, through the event store's upcast-and-deserialize path.
 */
class RestoreStatsRevision3UpcasterTest {
    private static final TenantId TENANT = TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21");
    private static final RestoreId RESTORE = RestoreId.of("r-1");
    private static final BackupId BACKUP = BackupId.of("b-1");

    @Test
    void aStoredRevisionTwoCompletionReadsWithNoAttributesLeftOut() throws IOException {
        assertThat(read(RestoreCompleted.class, frozen("/events/RestoreCompleted-r2.json"),
                RestoreStatsRevision2Upcaster.REVISION, new RestoreStatsRevision3Upcaster()))
                .isEqualTo(new RestoreCompleted(RESTORE, TENANT, BACKUP, new RestoreStats(3, 4096, 3, 120, 1, 0)));
    }

    @Test
    void aStoredRevisionTwoFailureReadsWithNoAttributesLeftOut() throws IOException {
        assertThat(read(RestoreFailed.class, frozen("/events/RestoreFailed-r2.json"),
                RestoreStatsRevision2Upcaster.REVISION, new RestoreStatsRevision3Upcaster()))
                .isEqualTo(new RestoreFailed(RESTORE, TENANT, BACKUP, "RESTORE_INCOMPLETE", "1 files could not be restored",
                        new RestoreStats(2, 2048, 2, 90, 0, 0), List.of("/etc/hosts: blob damaged")));
    }

    @Test
    void withoutTheUpcasterARevisionTwoCompletionCannotBeRead() {
        assertThatThrownBy(() -> read(RestoreCompleted.class, frozen("/events/RestoreCompleted-r2.json"),
                RestoreStatsRevision2Upcaster.REVISION)).hasStackTraceContaining("Missing creator property");
    }

    @Test
    void revisionThreeEventsPassUnchanged() throws IOException {
        Object event = read(RestoreCompleted.class, frozen("/events/RestoreCompleted-r3.json"),
                RestoreStatsRevision3Upcaster.REVISION, RestoreStatsRevision2UpcasterTest.CHAIN);
        assertThat(((RestoreCompleted) event).stats().xattrsNotApplied()).isEqualTo(2);
    }

    /** Spring hands the chain its upcasters in their {@code @Order}: revision 2's before revision 3's. */
    @Test
    void springOrdersRevisionTwoBeforeRevisionThree() {
        List<Object> upcasters = new java.util.ArrayList<>(List.of(new RestoreStatsRevision3Upcaster(),
                new RestoreStatsRevision2Upcaster()));
        upcasters.sort(AnnotationAwareOrderComparator.INSTANCE);
        assertThat(upcasters).extracting(Object::getClass)
                .containsExactly(RestoreStatsRevision2Upcaster.class, RestoreStatsRevision3Upcaster.class);
    }
}
