package io.strata.command.restore;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.restore.CompleteRestoreCommand;
import io.strata.kernel.restore.FailRestoreCommand;
import io.strata.kernel.restore.RecordRestoreSourceCommand;
import io.strata.kernel.restore.RequestRestoreCommand;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreRequested;
import io.strata.kernel.restore.RestoreSourceSelected;
import io.strata.kernel.restore.RestoreStarted;
import io.strata.kernel.restore.RestoreStats;
import io.strata.kernel.restore.StartRestoreCommand;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** A restore: attempts bounded when workers die, one ending, tenant isolation. */
class RestoreTest {

    static final RestoreId RESTORE = RestoreId.of("r-1");
    static final TenantId TENANT = TenantId.of("t-1");
    static final BackupId BACKUP = BackupId.of("b-1");
    static final RestoreRequested REQUESTED = new RestoreRequested(RESTORE, TENANT, BACKUP, ServerId.of("s-1"), "/restore",
            List.of(), false, StorageLocationId.of("l-1"), List.of("snap"));
    static final RestoreStats STATS = new RestoreStats(3, 300, 3, 10, 0, 0);

    private AggregateTestFixture<Restore> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Restore.class);
    }

    @Test
    void requestIsRecorded() {
        fixture.givenNoPriorActivity().when(new RequestRestoreCommand(RESTORE, TENANT, BACKUP, ServerId.of("s-1"), "/restore",
                List.of(), false, StorageLocationId.of("l-1"), List.of("snap"))).expectEvents(REQUESTED);
    }

    @Test
    void eachStartIsAnAttemptAndTooManyFail() {
        fixture.given(REQUESTED).when(new StartRestoreCommand(RESTORE, TENANT, "n"))
                .expectEvents(new RestoreStarted(RESTORE, TENANT, 1, "n")).expectResultMessagePayload(1);
        fixture.given(REQUESTED, new RestoreStarted(RESTORE, TENANT, 1, "n"))
                .when(new StartRestoreCommand(RESTORE, TENANT, "m"))
                .expectEvents(new RestoreStarted(RESTORE, TENANT, 2, "m")).expectResultMessagePayload(2);
        fixture.given(REQUESTED, new RestoreStarted(RESTORE, TENANT, 1, "n"), new RestoreStarted(RESTORE, TENANT, 2, "n"),
                        new RestoreStarted(RESTORE, TENANT, 3, "n"))
                .when(new StartRestoreCommand(RESTORE, TENANT, "m"))
                .expectEvents(new RestoreFailed(RESTORE, TENANT, BACKUP, "WORKER_LOST",
                        "The worker restoring stopped responding, 3 attempts in a row", RestoreStats.NONE, List.of()))
                .expectResultMessagePayload(0);
    }

    @Test
    void endsOnceWithItsOutcome() {
        fixture.given(REQUESTED, new RestoreStarted(RESTORE, TENANT, 1, "n"))
                .when(new CompleteRestoreCommand(RESTORE, TENANT, STATS))
                .expectEvents(new RestoreCompleted(RESTORE, TENANT, BACKUP, STATS));
        fixture.given(REQUESTED, new RestoreStarted(RESTORE, TENANT, 1, "n"))
                .when(new FailRestoreCommand(RESTORE, TENANT, "RESTORE_INCOMPLETE", "1 file", STATS, List.of("/a: damaged")))
                .expectEvents(new RestoreFailed(RESTORE, TENANT, BACKUP, "RESTORE_INCOMPLETE", "1 file", STATS, List.of("/a: damaged")));
        fixture.given(REQUESTED, new RestoreCompleted(RESTORE, TENANT, BACKUP, STATS))
                .when(new StartRestoreCommand(RESTORE, TENANT, "n"))
                .expectException(DomainException.class).expectNoEvents();
        fixture.given(REQUESTED).when(new CompleteRestoreCommand(RESTORE, TenantId.of("other"), STATS))
                .expectException(DomainException.class).expectExceptionMessage("The restore was not found");
    }

    @Test
    void theLocationReadFromIsRecordedWithTheFallbackReason() {
        fixture.given(REQUESTED, new RestoreStarted(RESTORE, TENANT, 1, "n"))
                .when(new RecordRestoreSourceCommand(RESTORE, TENANT, StorageLocationId.of("l-2"), StorageLocationId.of("l-1"),
                        "The location asked for could not be opened: refused"))
                .expectEvents(new RestoreSourceSelected(RESTORE, TENANT, StorageLocationId.of("l-2"), StorageLocationId.of("l-1"),
                        "The location asked for could not be opened: refused"));
        fixture.given(REQUESTED, new RestoreCompleted(RESTORE, TENANT, BACKUP, STATS))
                .when(new RecordRestoreSourceCommand(RESTORE, TENANT, StorageLocationId.of("l-1"), StorageLocationId.of("l-1"), null))
                .expectException(DomainException.class).expectNoEvents();
        fixture.given(REQUESTED)
                .when(new RecordRestoreSourceCommand(RESTORE, TenantId.of("t-2"), StorageLocationId.of("l-1"),
                        StorageLocationId.of("l-1"), null))
                .expectException(DomainException.class).expectNoEvents();
    }
}
