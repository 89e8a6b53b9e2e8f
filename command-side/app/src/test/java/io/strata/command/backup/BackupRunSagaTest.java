package io.strata.command.backup;

import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.ExpireBackupClaimCommand;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.strata.command.backup.BackupTest.BACKUP;
import static io.strata.command.backup.BackupTest.PLAN;
import static io.strata.command.backup.BackupTest.SERVER;
import static io.strata.command.backup.BackupTest.STATS;
import static io.strata.command.backup.BackupTest.TENANT;
import static io.strata.command.backup.BackupTest.requested;
import static org.assertj.core.api.Assertions.assertThat;

/** The run saga: queuing attempts, watching heartbeats, expiring silent claims, retrying with backoff, ending. */
class BackupRunSagaTest {

    private static final BackupRunProperties SETTINGS = new BackupRunProperties(3, Duration.ofSeconds(5),
            Duration.ofMinutes(2), Duration.ofSeconds(30), 2, 2, 1, Duration.ofSeconds(10));

    private SagaTestFixture<BackupRunSaga> fixture;
    private RecordingQueue queue;

    @BeforeEach
    void fixture() {
        fixture = new SagaTestFixture<>(BackupRunSaga.class);
        queue = new RecordingQueue();
        fixture.registerResource(queue);
        fixture.registerResource(SETTINGS);
    }

    private static org.axonframework.eventhandling.EventMessage<?> requestedBy(String userId) {
        return org.axonframework.eventhandling.GenericEventMessage.asEventMessage(requested(BackupLevel.FULL, false, 3))
                .andMetaData(MetaData.with(MetadataKeys.USER_ID, userId));
    }

    @Test
    void aRequestQueuesTheFirstAttemptForWhoAsked() {
        fixture.givenNoPriorActivity().whenPublishingA(requestedBy("u-1"))
                .expectActiveSagas(1).expectNoScheduledDeadlines();
        assertThat(queue.enqueued).containsExactly(new Queued(new BackupTask(BACKUP.value(), TENANT.value(), 1, "u-1"), Duration.ZERO));
    }

    @Test
    void aStartedAttemptIsWatchedAndEachHeartbeatPushesTheDeadlineBack() throws Exception {
        fixture.givenAPublished(requestedBy("u-1"))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .andThenTimeElapses(Duration.ofSeconds(90))
                .whenPublishingA(new BackupProgressed(BACKUP, TENANT, 1, STATS))
                .expectScheduledDeadlineWithName(SETTINGS.stallTimeout(), BackupRunSaga.STALLED)
                .expectNoDispatchedCommands();
    }

    @Test
    void aSilentAttemptHasItsClaimExpired() throws Exception {
        fixture.givenAPublished(requestedBy("u-1"))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .whenTimeElapses(SETTINGS.stallTimeout().plusSeconds(1))
                .expectDeadlinesMet(new BackupRunSaga.StalledAttempt(1))
                .expectDispatchedCommands(new ExpireBackupClaimCommand(BACKUP, TENANT, 1));
    }

    @Test
    void anExpiredClaimQueuesTheNextAttemptAtOnce() throws Exception {
        fixture.givenAPublished(requestedBy("u-1"))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .whenPublishingA(new BackupClaimExpired(BACKUP, TENANT, 1, 2))
                .expectNoScheduledDeadlines().expectActiveSagas(1);
        assertThat(queue.enqueued).extracting(Queued::task).extracting(BackupTask::attempt).containsExactly(1, 2);
        assertThat(queue.enqueued.get(1).delay()).isZero();
    }

    @Test
    void aFailedAttemptIsRetriedAfterADoublingBackoff() throws Exception {
        fixture.givenAPublished(requestedBy("u-1"))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .andThenAPublished(new BackupAttemptFailed(BACKUP, TENANT, 1, "SERVER_UNREACHABLE", "refused", 2))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 2, "node"))
                .whenPublishingA(new BackupAttemptFailed(BACKUP, TENANT, 2, "SERVER_UNREACHABLE", "refused", 3))
                .expectNoScheduledDeadlines();
        assertThat(queue.enqueued).extracting(Queued::delay)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void theSagaEndsWithTheRun() throws Exception {
        fixture.givenAPublished(requestedBy("u-1")).andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .whenPublishingA(new BackupCompleted(BACKUP, TENANT, PLAN, SERVER, BackupLevel.FULL, List.of("s"), STATS, false, List.of()))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
        fixture.givenAPublished(requestedBy("u-1")).andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .whenPublishingA(new BackupFailed(BACKUP, TENANT, PLAN, "WORKER_LOST", "gone"))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
    }

    @Test
    void aCancelledRunWithdrawsItsQueuedWork() {
        fixture.givenAPublished(requestedBy("u-1"))
                .whenPublishingA(new BackupCancelled(BACKUP, TENANT, PLAN))
                .expectActiveSagas(0);
        assertThat(queue.withdrawn).containsExactly(new BackupTask(BACKUP.value(), TENANT.value(), 1, "u-1"));
    }

    @Test
    void aHeartbeatOfAnEarlierAttemptDoesNotRestartTheWatch() throws Exception {
        fixture.givenAPublished(requestedBy("u-1"))
                .andThenAPublished(new BackupStarted(BACKUP, TENANT, 1, "node"))
                .andThenAPublished(new BackupClaimExpired(BACKUP, TENANT, 1, 2))
                .whenPublishingA(new BackupProgressed(BACKUP, TENANT, 1, BackupStats.NONE))
                .expectNoScheduledDeadlines();
    }

    record Queued(BackupTask task, Duration delay) {
    }

    /** Records what the saga queues; the real queue is db-scheduler, exercised by the integration tests. */
    static final class RecordingQueue implements BackupWorkQueue {
        final List<Queued> enqueued = new ArrayList<>();
        final List<BackupTask> withdrawn = new ArrayList<>();

        @Override
        public void enqueue(BackupTask task, Duration delay) {
            enqueued.add(new Queued(task, delay));
        }

        @Override
        public void withdraw(BackupTask task) {
            withdrawn.add(task);
        }
    }
}
