package io.strata.command.replication;

import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.RecordReplicaFailedCommand;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The replication saga: one unit of work per replica, ends when all settle, fails the stragglers at the deadline. */
class ReplicationSagaTest {

    static final BackupId BACKUP = BackupId.of("b-1");
    static final TenantId TENANT = TenantId.of("t-1");
    static final PlanId PLAN = PlanId.of("p-1");
    static final StorageLocationId S3 = StorageLocationId.of("s3");
    static final StorageLocationId AZURE = StorageLocationId.of("azure");
    static final BackupCompleted COMPLETED = new BackupCompleted(BACKUP, TENANT, PLAN, ServerId.of("s"), BackupLevel.FULL,
            List.of("snap"), BackupStats.NONE, false, List.of());
    static final ReplicationProperties SETTINGS = new ReplicationProperties(Duration.ofHours(1), Duration.ofSeconds(30),
            Duration.ofMinutes(15));

    private SagaTestFixture<ReplicationSaga> fixture;
    private final List<ReplicationTask> queued = new ArrayList<>();
    private List<StorageLocationId> replicas = List.of(S3, AZURE);

    @BeforeEach
    void fixture() {
        fixture = new SagaTestFixture<>(ReplicationSaga.class);
        fixture.registerResource(new ReplicationQueue() {
            @Override
            public List<StorageLocationId> replicasOf(TenantId tenantId, PlanId planId) {
                return replicas;
            }

            @Override
            public void enqueue(ReplicationTask task) {
                queued.add(task);
            }
        });
        fixture.registerResource(SETTINGS);
    }

    @Test
    void eachReplicaGetsItsWorkAndADeadline() {
        fixture.givenNoPriorActivity().whenPublishingA(COMPLETED)
                .expectActiveSagas(1).expectScheduledDeadlineWithName(Duration.ofHours(1), ReplicationSaga.DEADLINE);
        assertThat(queued).extracting(ReplicationTask::storageLocationId).containsExactly("s3", "azure");
    }

    @Test
    void noReplicasOrADryRunEndAtOnce() {
        replicas = List.of();
        fixture.givenNoPriorActivity().whenPublishingA(COMPLETED).expectActiveSagas(0).expectNoScheduledDeadlines();
        replicas = List.of(S3);
        fixture.givenNoPriorActivity().whenPublishingA(new BackupCompleted(BACKUP, TENANT, PLAN, ServerId.of("s"),
                BackupLevel.FULL, List.of(), BackupStats.NONE, true, List.of())).expectActiveSagas(0);
    }

    @Test
    void endsWhenEveryReplicaSettled() throws Exception {
        fixture.givenAPublished(COMPLETED).andThenAPublished(new BackupReplicaSynced(BACKUP, TENANT, S3, 10, 100))
                .whenPublishingA(new BackupReplicaFailed(BACKUP, TENANT, AZURE, "REPLICATION_FAILED", "denied"))
                .expectActiveSagas(0).expectNoScheduledDeadlines();
    }

    @Test
    void atTheDeadlineTheMissingReplicasFail() throws Exception {
        fixture.givenAPublished(COMPLETED).andThenAPublished(new BackupReplicaSynced(BACKUP, TENANT, S3, 10, 100))
                .whenTimeElapses(Duration.ofHours(2))
                .expectDispatchedCommands(new RecordReplicaFailedCommand(BACKUP, TENANT, AZURE, "REPLICATION_TIMED_OUT",
                        "The replica did not catch up within PT1H"));
    }
}
