package io.strata.command.replication;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.backup.BackupRegistry.StoredBackup;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.kernel.backup.RecordReplicaSyncedCommand;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.RecordReplicaReconciliationCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Brings the tenant's repository in a replica location level with the one in its primary, whatever happened since
 * the last replication (objects deleted or damaged on the replica, replications that gave up): lists both sides,
 * copies what the replica lacks (each copy checked against its hash and read back, in the mirror's dependency
 * order), counts objects only the replica has without deleting them, marks the backups that were FAILED in the
 * replica SYNCED when their snapshots are there (the mirror copies every object of the primary, each snapshot after
 * the data it references, so a snapshot on the replica after a complete mirror means its backup is complete there),
 * and records the outcome on the replica location. An unreachable side leaves everything for the next round.
 */
@Component
class ReplicaReconciler {

    private static final Logger log = LoggerFactory.getLogger(ReplicaReconciler.class);

    private final BackupRegistry backups;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;
    private final CommandGateway commands;
    private final Clock clock;
    private final StorageMirror mirror = new StorageMirror();

    ReplicaReconciler(BackupRegistry backups, StorageLocationRegistry locations, TenantRepositories repositories,
                      CommandGateway commands, Clock clock) {
        this.backups = backups;
        this.locations = locations;
        this.repositories = repositories;
        this.commands = commands;
        this.clock = clock;
    }

    void reconcile(ReconciliationTask task) {
        TenantId tenantId = TenantId.of(task.tenantId());
        StorageLocationId primaryId = StorageLocationId.of(task.primaryLocationId());
        StorageLocationId replicaId = StorageLocationId.of(task.replicaLocationId());
        var primary = locations.find(tenantId, primaryId).orElse(null);
        var replica = locations.find(tenantId, replicaId).orElse(null);
        if (primary == null || replica == null) {
            return;
        }
        try {
            Storage source = repositories.storage(tenantId, primary);
            Storage target = repositories.storage(tenantId, replica);
            StorageMirror.Result copied = mirror.mirror(source, target);
            Set<String> onPrimary = snapshots(source);
            Set<String> onReplica = snapshots(target);
            List<StoredBackup> stored = backups.storedIn(tenantId, primaryId, replicaId);
            long missingOnPrimary = stored.stream().flatMap(backup -> backup.snapshotIds().stream())
                    .filter(snapshot -> !onPrimary.contains(snapshot)).distinct().count();
            List<BackupId> synced = new ArrayList<>();
            for (StoredBackup backup : stored) {
                if ("FAILED".equals(backup.replicaStatus()) && onReplica.containsAll(backup.snapshotIds())) {
                    commands.sendAndWait(new RecordReplicaSyncedCommand(backup.backupId(), tenantId, replicaId, 0, 0));
                    synced.add(backup.backupId());
                }
            }
            commands.sendAndWait(new RecordReplicaReconciliationCommand(replicaId, tenantId, primaryId,
                    copied.objectsCopied(), copied.bytesCopied(), copied.extras(), missingOnPrimary, List.copyOf(synced),
                    clock.instant()));
            log.info("Reconciled {} with {} for tenant {}: {} objects ({} bytes) copied, {} extra on the replica, {} snapshots"
                            + " missing on the primary, {} backups now synced", replica.name(), primary.name(), tenantId,
                    copied.objectsCopied(), copied.bytesCopied(), copied.extras(), missingOnPrimary, synced.size());
        } catch (StorageException e) {
            log.warn("Reconciliation of {} with {} for tenant {} did not complete, next round retries: {}", replica.name(),
                    primary.name(), tenantId, e.getMessage());
        }
    }

    private static Set<String> snapshots(Storage storage) throws StorageException {
        return storage.list(ObjectKind.SNAPSHOT).stream().map(ObjectInfo::name).map(name -> name.name())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
