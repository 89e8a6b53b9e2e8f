package io.strata.command.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupRef;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.BackupStatus;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Backups and each plan's lineage, recorded with the events of the runs. */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
public class BackupRegistry {

    private static final TypeReference<List<String>> IDS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public BackupRegistry(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(BackupRequested event) {
        jdbc.update("insert into backup_registry (backup_id, tenant_id, plan_id, server_id, storage_location_id, level,"
                        + " status, dry_run, base_snapshot_ids) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (backup_id) do nothing",
                event.backupId().value(), event.tenantId().value(), event.planId().value(), event.serverId().value(),
                event.storageLocationId().value(), event.level().name(), BackupStatus.REQUESTED.name(), event.dryRun(),
                write(event.baseSnapshotIds()));
    }

    @EventHandler
    void on(BackupCompleted event) {
        String snapshots = write(event.snapshotIds());
        jdbc.update("update backup_registry set status = ?, snapshot_ids = ? where backup_id = ?",
                BackupStatus.SUCCEEDED.name(), snapshots, event.backupId().value());
        if (event.dryRun()) {
            return;
        }
        jdbc.update("insert into plan_lineage (plan_id, tenant_id) values (?, ?) on conflict (plan_id) do nothing",
                event.planId().value(), event.tenantId().value());
        jdbc.update("update plan_lineage set last_backup_id = ?, last_snapshots = ? where plan_id = ?",
                event.backupId().value(), snapshots, event.planId().value());
        if (event.level() == BackupLevel.FULL) {
            jdbc.update("update plan_lineage set last_full_backup_id = ?, last_full_snapshots = ? where plan_id = ?",
                    event.backupId().value(), snapshots, event.planId().value());
        }
    }

    @EventHandler
    void on(BackupFailed event) {
        jdbc.update("update backup_registry set status = ? where backup_id = ?", BackupStatus.FAILED.name(),
                event.backupId().value());
    }

    @EventHandler
    void on(BackupCancelled event) {
        jdbc.update("update backup_registry set status = ? where backup_id = ?", BackupStatus.CANCELLED.name(),
                event.backupId().value());
    }

    @EventHandler
    void on(BackupReplicaSynced event) {
        jdbc.update("insert into backup_replica (backup_id, storage_location_id, status) values (?, ?, 'SYNCED')"
                        + " on conflict (backup_id, storage_location_id) do update set status = 'SYNCED'",
                event.backupId().value(), event.storageLocationId().value());
    }

    @EventHandler
    void on(BackupReplicaFailed event) {
        jdbc.update("insert into backup_replica (backup_id, storage_location_id, status) values (?, ?, 'FAILED')"
                        + " on conflict (backup_id, storage_location_id) do nothing",
                event.backupId().value(), event.storageLocationId().value());
    }

    /** The plan's latest successful FULL and latest successful backup of any level. */
    public Lineage lineage(PlanId planId) {
        return jdbc.query("select last_full_backup_id, last_full_snapshots, last_backup_id, last_snapshots"
                        + " from plan_lineage where plan_id = ?",
                (rs, row) -> new Lineage(ref(rs.getString(1), rs.getString(2)), ref(rs.getString(3), rs.getString(4))),
                planId.value()).stream().findFirst().orElse(new Lineage(null, null));
    }

    /** The tenant's backup, unless it is another tenant's or unknown. */
    public Optional<RegisteredBackup> find(TenantId tenantId, BackupId backupId) {
        return jdbc.query("select plan_id, server_id, storage_location_id, level, status, dry_run, snapshot_ids,"
                        + " base_snapshot_ids from backup_registry where backup_id = ? and tenant_id = ?",
                (rs, row) -> new RegisteredBackup(backupId, tenantId, PlanId.of(rs.getString(1)), ServerId.of(rs.getString(2)),
                        StorageLocationId.of(rs.getString(3)), BackupLevel.valueOf(rs.getString(4)),
                        BackupStatus.valueOf(rs.getString(5)), rs.getBoolean(6), read(rs.getString(7)), read(rs.getString(8)),
                        replicas(backupId)),
                backupId.value(), tenantId.value()).stream().findFirst();
    }

    /**
     * Every (tenant, primary, replica) whose repositories replication keeps alike: the pairs of the successful
     * backups whose replication to a replica settled (SYNCED or FAILED). A pair whose first replication is still
     * pending is the replication saga's business until it settles.
     */
    public List<ReplicaPair> replicaPairs() {
        return jdbc.query("select distinct b.tenant_id, b.storage_location_id, r.storage_location_id from backup_registry b"
                        + " join backup_replica r on r.backup_id = b.backup_id where b.status = 'SUCCEEDED' and not b.dry_run"
                        + " order by 1, 2, 3",
                (rs, row) -> new ReplicaPair(TenantId.of(rs.getString(1)), StorageLocationId.of(rs.getString(2)),
                        StorageLocationId.of(rs.getString(3))));
    }

    /** The tenant's successful backups stored in the primary, each with its status in the replica (null if none). */
    public List<StoredBackup> storedIn(TenantId tenantId, StorageLocationId primary, StorageLocationId replica) {
        return jdbc.query("select b.backup_id, b.snapshot_ids, r.status from backup_registry b left join backup_replica r"
                        + " on r.backup_id = b.backup_id and r.storage_location_id = ? where b.tenant_id = ?"
                        + " and b.storage_location_id = ? and b.status = 'SUCCEEDED' and not b.dry_run order by b.backup_id",
                (rs, row) -> new StoredBackup(BackupId.of(rs.getString(1)), read(rs.getString(2)), rs.getString(3)),
                replica.value(), tenantId.value(), primary.value());
    }

    private Map<StorageLocationId, String> replicas(BackupId backupId) {
        Map<StorageLocationId, String> replicas = new LinkedHashMap<>();
        jdbc.query("select storage_location_id, status from backup_replica where backup_id = ? order by storage_location_id",
                rs -> {
                    replicas.put(StorageLocationId.of(rs.getString(1)), rs.getString(2));
                }, backupId.value());
        return replicas;
    }

    private BackupRef ref(String backupId, String snapshots) {
        return backupId == null ? null : new BackupRef(BackupId.of(backupId), read(snapshots));
    }

    private String write(List<String> ids) {
        try {
            return json.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> read(String ids) {
        try {
            return json.readValue(ids, IDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable snapshot ids in the backup registry", e);
        }
    }

    /** A tenant's repository in a primary location and the replica location it is copied to. */
    public record ReplicaPair(TenantId tenantId, StorageLocationId primary, StorageLocationId replica) {
    }

    /** A successful backup's snapshots, and its status in one replica (SYNCED, FAILED, or null while pending). */
    public record StoredBackup(BackupId backupId, List<String> snapshotIds, String replicaStatus) {
    }

    /** What a new backup of a plan can be compared with. */
    public record Lineage(BackupRef lastFull, BackupRef lastSuccessful) {
    }

    /** A backup as restores and verifications need it. */
    public record RegisteredBackup(BackupId backupId, TenantId tenantId, PlanId planId, ServerId serverId,
                                   StorageLocationId storageLocationId, BackupLevel level, BackupStatus status,
                                   boolean dryRun, List<String> snapshotIds, List<String> baseSnapshotIds,
                                   Map<StorageLocationId, String> replicas) {

        /** Only a successful backup that stored something can be restored or verified. */
        public boolean restorable() {
            return status == BackupStatus.SUCCEEDED && !dryRun && !snapshotIds.isEmpty();
        }

        /** SYNCED or FAILED once the replica settled; empty while it is pending (or not a replica). */
        public Optional<String> replicaStatus(StorageLocationId location) {
            return Optional.ofNullable(replicas.get(location));
        }

        /** The locations holding the whole backup: the primary, then the SYNCED replicas. */
        public List<StorageLocationId> syncedLocations() {
            List<StorageLocationId> synced = new ArrayList<>();
            synced.add(storageLocationId);
            replicas.forEach((location, replicaStatus) -> {
                if ("SYNCED".equals(replicaStatus)) {
                    synced.add(location);
                }
            });
            return synced;
        }
    }
}
