package io.strata.command.replication;

import io.strata.command.backup.BackupRegistry;
import io.strata.command.repository.TenantRepositories;
import io.strata.command.storage.StorageLocationRegistry;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.kernel.backup.RecordReplicaFailedCommand;
import io.strata.kernel.backup.RecordReplicaSyncedCommand;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;

/** Mirrors a backup's primary location to one replica and records the outcome on the backup. */
@Component
class ReplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReplicationRunner.class);

    enum Outcome { DONE, RETRY }

    private final BackupRegistry backups;
    private final StorageLocationRegistry locations;
    private final TenantRepositories repositories;
    private final CommandGateway commands;
    private final StorageMirror mirror = new StorageMirror();

    ReplicationRunner(BackupRegistry backups, StorageLocationRegistry locations, TenantRepositories repositories,
                      CommandGateway commands) {
        this.backups = backups;
        this.locations = locations;
        this.repositories = repositories;
        this.commands = commands;
    }

    Outcome run(ReplicationTask task) {
        TenantId tenantId = TenantId.of(task.tenantId());
        BackupId backupId = BackupId.of(task.backupId());
        StorageLocationId replicaId = StorageLocationId.of(task.storageLocationId());
        var backup = backups.find(tenantId, backupId).orElse(null);
        if (backup == null || backup.replicaStatus(replicaId).isPresent()) {
            return Outcome.DONE; // gone, or already settled (synced, or failed at the deadline)
        }
        var primary = locations.find(tenantId, backup.storageLocationId()).orElse(null);
        var replica = locations.find(tenantId, replicaId).orElse(null);
        if (primary == null || replica == null) {
            fail(task, tenantId, backupId, replicaId, "STORAGE_LOCATION_NOT_FOUND", "A location of the backup no longer exists");
            return Outcome.DONE;
        }
        try {
            Storage source = repositories.storage(tenantId, primary);
            Storage target = repositories.storage(tenantId, replica);
            StorageMirror.Result result = mirror.mirror(source, target);
            send(task, new RecordReplicaSyncedCommand(backupId, tenantId, replicaId, result.objectsCopied(), result.bytesCopied()));
            log.info("Backup {} synced to {}: {} objects, {} bytes copied, {} extra objects on the replica", backupId,
                    replica.name(), result.objectsCopied(), result.bytesCopied(), result.extras());
            return Outcome.DONE;
        } catch (PermanentStorageException e) {
            fail(task, tenantId, backupId, replicaId, "REPLICATION_FAILED", e.getMessage());
            return Outcome.DONE;
        } catch (StorageException | DomainException e) {
            log.warn("Backup {} could not be copied to {} (attempt {}), retrying later: {}", backupId, replica.name(),
                    task.attempt(), e.getMessage());
            return Outcome.RETRY;
        }
    }

    private void fail(ReplicationTask task, TenantId tenantId, BackupId backupId, StorageLocationId replicaId, String code,
                      String message) {
        log.warn("Backup {} replication to {} failed: {} {}", backupId, replicaId, code, message);
        try {
            send(task, new RecordReplicaFailedCommand(backupId, tenantId, replicaId, code, message));
        } catch (DomainException e) {
            log.info("Backup {} replica {} settled meanwhile: {}", backupId, replicaId, e.getMessage());
        }
    }

    private void send(ReplicationTask task, Object command) {
        var message = GenericCommandMessage.asCommandMessage(command);
        if (task.requestedBy() != null) {
            message = message.andMetaData(Map.of(MetadataKeys.USER_ID, task.requestedBy()));
        }
        commands.sendAndWait(message);
    }
}
