package io.strata.command.replication;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.RecordReplicaFailedCommand;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Copies a successful backup to every replica location of its plan: one unit of work per replica, retried
 * with backoff by the workers while the replica is unreachable; at the deadline, the replicas still missing
 * are marked FAILED. Ends when every replica is SYNCED or FAILED.
 *
 * <p>Public with a public constructor because Axon instantiates sagas reflectively; its state is stored as
 * JSON from its fields.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class ReplicationSaga {

    static final String DEADLINE = "replication-deadline";

    @Autowired
    private transient ReplicationQueue queue;
    @Autowired
    private transient ReplicationProperties settings;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient CommandGateway commands;

    private BackupId backupId;
    private TenantId tenantId;
    private Set<String> pending = new HashSet<>();

    public ReplicationSaga() {
        // for Axon
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupCompleted event, @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        backupId = event.backupId();
        tenantId = event.tenantId();
        List<StorageLocationId> replicas = event.dryRun() ? List.of() : queue.replicasOf(tenantId, event.planId());
        if (replicas.isEmpty()) {
            SagaLifecycle.end();
            return;
        }
        for (StorageLocationId replica : replicas) {
            pending.add(replica.value());
            queue.enqueue(new ReplicationTask(backupId.value(), tenantId.value(), replica.value(), 1, userId));
        }
        deadlines.schedule(settings.deadline(), DEADLINE);
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupReplicaSynced event) {
        settle(event.storageLocationId());
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupReplicaFailed event) {
        settle(event.storageLocationId());
    }

    @DeadlineHandler(deadlineName = DEADLINE)
    void deadlinePassed() {
        for (String replica : Set.copyOf(pending)) {
            commands.send(new RecordReplicaFailedCommand(backupId, tenantId, StorageLocationId.of(replica),
                    "REPLICATION_TIMED_OUT", "The replica did not catch up within " + settings.deadline()));
        }
    }

    private void settle(StorageLocationId location) {
        pending.remove(location.value());
        if (pending.isEmpty()) {
            deadlines.cancelAll(DEADLINE);
            SagaLifecycle.end();
        }
    }
}
