package io.strata.command.backup;

import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancellationRequested;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupLevelEscalated;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupRef;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.RecordReplicaFailedCommand;
import io.strata.kernel.backup.RecordReplicaSyncedCommand;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.CancelBackupCommand;
import io.strata.kernel.backup.CompleteBackupCommand;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.backup.ConfirmBackupCancelledCommand;
import io.strata.kernel.backup.ExpireBackupClaimCommand;
import io.strata.kernel.backup.FailBackupAttemptCommand;
import io.strata.kernel.backup.RecordBackupProgressCommand;
import io.strata.kernel.backup.RequestBackupCommand;
import io.strata.kernel.backup.StartBackupCommand;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every branch of a backup run: level escalation, claims, heartbeats, retries, lost workers, cancel. */
class BackupTest {

    static final BackupId BACKUP = BackupId.of("b-1");
    static final TenantId TENANT = TenantId.of("t-1");
    static final PlanId PLAN = PlanId.of("p-1");
    static final ServerId SERVER = ServerId.of("s-1");
    static final StorageLocationId LOCATION = StorageLocationId.of("l-1");
    static final BackupRef FULL = new BackupRef(BackupId.of("b-full"), List.of("snap-full"));
    static final BackupRef LATEST = new BackupRef(BackupId.of("b-latest"), List.of("snap-latest"));
    static final BackupStats STATS = new BackupStats(10, 4, 6, 1000, 400, 300, 200, 1234, 0, 0);

    private AggregateTestFixture<Backup> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Backup.class);
    }

    static BackupRequested requested(BackupLevel level, boolean dryRun, int maxAttempts) {
        return new BackupRequested(BACKUP, TENANT, PLAN, SERVER, LOCATION, level, level, null, List.of(), dryRun, maxAttempts);
    }

    private static RequestBackupCommand request(BackupLevel level, BackupRef lastFull, BackupRef lastAny) {
        return new RequestBackupCommand(BACKUP, TENANT, PLAN, SERVER, LOCATION, level, false, lastFull, lastAny, 3);
    }

    @Test
    void differentialComparesWithTheLastFull() {
        fixture.givenNoPriorActivity().when(request(BackupLevel.DIFFERENTIAL, FULL, LATEST))
                .expectEvents(new BackupRequested(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.DIFFERENTIAL,
                        BackupLevel.DIFFERENTIAL, FULL.backupId(), FULL.snapshotIds(), false, 3));
    }

    @Test
    void incrementalComparesWithTheLatestBackup() {
        fixture.givenNoPriorActivity().when(request(BackupLevel.INCREMENTAL, FULL, LATEST))
                .expectEvents(new BackupRequested(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.INCREMENTAL,
                        BackupLevel.INCREMENTAL, LATEST.backupId(), LATEST.snapshotIds(), false, 3));
    }

    @Test
    void differentialWithoutAFullBecomesAFullAndSaysWhy() {
        fixture.givenNoPriorActivity().when(request(BackupLevel.DIFFERENTIAL, null, LATEST))
                .expectEvents(new BackupRequested(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.DIFFERENTIAL,
                                BackupLevel.FULL, null, List.of(), false, 3),
                        new BackupLevelEscalated(BACKUP, TENANT, BackupLevel.DIFFERENTIAL, BackupLevel.FULL, Backup.NO_FULL_BACKUP));
    }

    @Test
    void incrementalWithoutAnyBackupBecomesAFull() {
        fixture.givenNoPriorActivity().when(request(BackupLevel.INCREMENTAL, null, null))
                .expectEvents(new BackupRequested(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.INCREMENTAL,
                                BackupLevel.FULL, null, List.of(), false, 3),
                        new BackupLevelEscalated(BACKUP, TENANT, BackupLevel.INCREMENTAL, BackupLevel.FULL, Backup.NO_PREVIOUS_BACKUP));
    }

    @Test
    void fullIgnoresEarlierBackups() {
        fixture.givenNoPriorActivity().when(request(BackupLevel.FULL, FULL, LATEST))
                .expectEvents(requested(BackupLevel.FULL, false, 3));
    }

    @Test
    void aWorkerClaimsTheCurrentAttemptOnly() {
        fixture.given(requested(BackupLevel.FULL, false, 3)).when(new StartBackupCommand(BACKUP, TENANT, 1, "node-a"))
                .expectEvents(new BackupStarted(BACKUP, TENANT, 1, "node-a"));
        fixture.given(requested(BackupLevel.FULL, false, 3)).when(new StartBackupCommand(BACKUP, TENANT, 2, "node-a"))
                .expectException(DomainException.class).expectExceptionMessage("Attempt 2 is not the backup's current attempt (1)");
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "node-a"))
                .when(new StartBackupCommand(BACKUP, TENANT, 1, "node-b"))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void heartbeatsRecordProgressAndAnswerWhetherToStop() {
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new RecordBackupProgressCommand(BACKUP, TENANT, 1, STATS))
                .expectEvents(new BackupProgressed(BACKUP, TENANT, 1, STATS))
                .expectResultMessagePayload(false);
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCancellationRequested(BACKUP, TENANT))
                .when(new RecordBackupProgressCommand(BACKUP, TENANT, 1, STATS))
                .expectResultMessagePayload(true);
    }

    @Test
    void completionRecordsSnapshotAndStatsOnce() {
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of("snap-1"), STATS, List.of()))
                .expectEvents(new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap-1"), STATS, false, List.of()));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap-1"), STATS, false, List.of()))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of("snap-1"), STATS, List.of()))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void aCompletionNamesThePathsItCouldNotCaptureUpToTheListedLimit() {
        var stats = new BackupStats(10, 4, 6, 1000, 400, 300, 200, 1234, 1, 1);
        var problems = List.of(new FileProblem("/etc/shadow", FileProblem.Code.UNREADABLE, "cannot read: Permission denied"),
                new FileProblem("/var/log/syslog", FileProblem.Code.CHANGED_DURING_READ, "changed while it was read"));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of("snap-1"), stats, problems))
                .expectEvents(new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap-1"), stats,
                        false, problems));
        var tooMany = IntStream.rangeClosed(0, FileProblem.LISTED)
                .mapToObj(i -> new FileProblem("/f" + i, FileProblem.Code.VANISHED, "vanished before it could be read"))
                .toList();
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of("snap-1"), stats, tooMany))
                .expectException(IllegalArgumentException.class).expectNoEvents();
    }

    @Test
    void aDryRunCompletesWithoutASnapshot() {
        fixture.given(requested(BackupLevel.FULL, true, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of(), STATS, List.of()))
                .expectEvents(new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of(), STATS, true, List.of()));
    }

    @Test
    void retryableFailuresAreRetriedWhileAttemptsRemain() {
        fixture.given(requested(BackupLevel.FULL, false, 2), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new FailBackupAttemptCommand(BACKUP, TENANT, 1, "SERVER_UNREACHABLE", "refused", true))
                .expectEvents(new BackupAttemptFailed(BACKUP, TENANT, 1, "SERVER_UNREACHABLE", "refused", 2));
        fixture.given(requested(BackupLevel.FULL, false, 2), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupAttemptFailed(BACKUP, TENANT, 1, "SERVER_UNREACHABLE", "refused", 2),
                        new BackupStarted(BACKUP, TENANT, 2, "n"))
                .when(new FailBackupAttemptCommand(BACKUP, TENANT, 2, "SERVER_UNREACHABLE", "refused", true))
                .expectEvents(new BackupFailed(BACKUP, TENANT, PLAN, "SERVER_UNREACHABLE", "refused"));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new FailBackupAttemptCommand(BACKUP, TENANT, 1, "SOURCE_PATH_MISSING", "/x", false))
                .expectEvents(new BackupFailed(BACKUP, TENANT, PLAN, "SOURCE_PATH_MISSING", "/x"));
    }

    @Test
    void aSilentWorkerLosesItsClaimAndTheRunIsRetriedThenFailed() {
        fixture.given(requested(BackupLevel.FULL, false, 2), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new ExpireBackupClaimCommand(BACKUP, TENANT, 1))
                .expectEvents(new BackupClaimExpired(BACKUP, TENANT, 1, 2));
        fixture.given(requested(BackupLevel.FULL, false, 2), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupClaimExpired(BACKUP, TENANT, 1, 2), new BackupStarted(BACKUP, TENANT, 2, "m"))
                .when(new ExpireBackupClaimCommand(BACKUP, TENANT, 2))
                .expectEvents(new BackupFailed(BACKUP, TENANT, PLAN, "WORKER_LOST",
                        "The worker running the backup stopped responding, 2 attempts in a row"));
        fixture.given(requested(BackupLevel.FULL, false, 2), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupClaimExpired(BACKUP, TENANT, 1, 2))
                .when(new CompleteBackupCommand(BACKUP, TENANT, 1, List.of("snap-late"), STATS, List.of()))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void anExpiryForAFinishedOrSupersededAttemptChangesNothing() {
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap"), STATS, false, List.of()))
                .when(new ExpireBackupClaimCommand(BACKUP, TENANT, 1)).expectNoEvents();
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupClaimExpired(BACKUP, TENANT, 1, 2))
                .when(new ExpireBackupClaimCommand(BACKUP, TENANT, 1)).expectNoEvents();
    }

    @Test
    void cancelBeforeAnyWorkerIsImmediate() {
        fixture.given(requested(BackupLevel.FULL, false, 3)).when(new CancelBackupCommand(BACKUP, TENANT))
                .expectEvents(new BackupCancelled(BACKUP, TENANT, PLAN));
    }

    @Test
    void cancelWhileRunningWaitsForTheWorker() {
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"))
                .when(new CancelBackupCommand(BACKUP, TENANT))
                .expectEvents(new BackupCancellationRequested(BACKUP, TENANT));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCancellationRequested(BACKUP, TENANT))
                .when(new ConfirmBackupCancelledCommand(BACKUP, TENANT, 1))
                .expectEvents(new BackupCancelled(BACKUP, TENANT, PLAN));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCancellationRequested(BACKUP, TENANT))
                .when(new ExpireBackupClaimCommand(BACKUP, TENANT, 1))
                .expectEvents(new BackupCancelled(BACKUP, TENANT, PLAN));
    }

    @Test
    void aFinishedBackupCannotBeCancelledAndAnotherTenantSeesNothing() {
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"),
                        new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap"), STATS, false, List.of()))
                .when(new CancelBackupCommand(BACKUP, TENANT))
                .expectException(DomainException.class).expectExceptionMessage("The backup already ended as SUCCEEDED");
        fixture.given(requested(BackupLevel.FULL, false, 3))
                .when(new CancelBackupCommand(BACKUP, TenantId.of("other")))
                .expectException(DomainException.class).expectExceptionMessage("The backup was not found");
    }

    @Test
    void replicasSyncOnceAndOnlyForAStoredBackup() {
        var completed = new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("snap"), STATS, false, List.of());
        var replica = StorageLocationId.of("replica");
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"), completed)
                .when(new RecordReplicaSyncedCommand(BACKUP, TENANT, replica, 5, 500))
                .expectEvents(new BackupReplicaSynced(BACKUP, TENANT, replica, 5, 500));
        fixture.given(requested(BackupLevel.FULL, false, 3), new BackupStarted(BACKUP, TENANT, 1, "n"), completed,
                        new BackupReplicaSynced(BACKUP, TENANT, replica, 5, 500))
                .when(new RecordReplicaFailedCommand(BACKUP, TENANT, replica, "REPLICATION_TIMED_OUT", "late"))
                .expectNoEvents();
        fixture.given(requested(BackupLevel.FULL, false, 3))
                .when(new RecordReplicaSyncedCommand(BACKUP, TENANT, replica, 5, 500))
                .expectException(DomainException.class).expectNoEvents();
    }

    @Test
    void maxAttemptsMustBePositive() {
        assertThat(new RequestBackupCommand(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.FULL, false, null, null, 0)
                .maxAttempts()).isZero();
        fixture.givenNoPriorActivity()
                .when(new RequestBackupCommand(BACKUP, TENANT, PLAN, SERVER, LOCATION, BackupLevel.FULL, false, null, null, 0))
                .expectException(IllegalArgumentException.class);
    }
}
