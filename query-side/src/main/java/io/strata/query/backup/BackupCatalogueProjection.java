package io.strata.query.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancellationRequested;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupLevelEscalated;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.BackupStatus;
import io.strata.kernel.plan.PlanCreated;
import io.strata.kernel.verification.IntegrityCheckFailed;
import io.strata.kernel.verification.IntegrityVerified;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code backup_view}. Every handler is idempotent, and a heartbeat never moves a finished run's
 * state, so redelivery and replay end in the same rows.
 */
@Component
@ProcessingGroup(BackupCatalogueProjection.GROUP)
class BackupCatalogueProjection {

    static final String GROUP = "projection.backup";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    BackupCatalogueProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PlanCreated event) {
        for (int i = 0; i < event.replicaLocationIds().size(); i++) {
            jdbc.update("insert into catalogue_plan_replica (plan_id, tenant_id, storage_location_id, position)"
                            + " values (?, ?, ?, ?) on conflict do nothing", event.planId().value(), event.tenantId().value(),
                    event.replicaLocationIds().get(i).value(), i + 1);
        }
    }

    @EventHandler
    void on(BackupRequested event, @Timestamp Instant at) {
        jdbc.update("insert into backup_location_view (backup_id, tenant_id, storage_location_id, role, status, position,"
                        + " updated_at) values (?, ?, ?, 'PRIMARY', 'PENDING', 0, ?) on conflict do nothing",
                event.backupId().value(), event.tenantId().value(), event.storageLocationId().value(), ts(at));
        jdbc.update("insert into backup_view (backup_id, tenant_id, plan_id, server_id, storage_location_id, requested_level,"
                        + " level, base_backup_id, status, dry_run, attempt, requested_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) on conflict (backup_id) do nothing",
                event.backupId().value(), event.tenantId().value(), event.planId().value(), event.serverId().value(),
                event.storageLocationId().value(), event.requestedLevel().name(), event.level().name(),
                event.baseBackupId() == null ? null : event.baseBackupId().value(), BackupStatus.REQUESTED.name(),
                event.dryRun(), ts(at));
    }

    @EventHandler
    void on(BackupLevelEscalated event) {
        jdbc.update("update backup_view set level_reason = ? where backup_id = ?", event.reason(), event.backupId().value());
    }

    @EventHandler
    void on(BackupStarted event, @Timestamp Instant at) {
        jdbc.update("update backup_view set status = ?, attempt = ?, started_at = coalesce(started_at, ?)"
                        + " where backup_id = ? and status in ('REQUESTED', 'RUNNING')",
                BackupStatus.RUNNING.name(), event.attempt(), ts(at), event.backupId().value());
    }

    @EventHandler
    void on(BackupProgressed event) {
        jdbc.update("update backup_view set stats = ? where backup_id = ? and attempt = ? and status in ('RUNNING', 'CANCELLING')",
                write(event.progress()), event.backupId().value(), event.attempt());
    }

    @EventHandler
    void on(BackupAttemptFailed event) {
        jdbc.update("update backup_view set status = ?, attempt = ?, failure_code = ?, failure_message = ?"
                        + " where backup_id = ? and status = 'RUNNING'", BackupStatus.REQUESTED.name(), event.nextAttempt(),
                event.code(), event.message(), event.backupId().value());
    }

    @EventHandler
    void on(BackupClaimExpired event) {
        jdbc.update("update backup_view set status = ?, attempt = ? where backup_id = ? and status = 'RUNNING'",
                BackupStatus.REQUESTED.name(), event.nextAttempt(), event.backupId().value());
    }

    @EventHandler
    void on(BackupCancellationRequested event) {
        jdbc.update("update backup_view set status = ? where backup_id = ? and status = 'RUNNING'",
                BackupStatus.CANCELLING.name(), event.backupId().value());
    }

    @EventHandler
    void on(BackupCompleted event, @Timestamp Instant at) {
        setLocations(event.backupId().value(), "PRIMARY", event.dryRun() ? "NONE" : "SYNCED", at);
        if (!event.dryRun()) {
            jdbc.update("insert into backup_location_view (backup_id, tenant_id, storage_location_id, role, status, position,"
                            + " updated_at) select ?, tenant_id, storage_location_id, 'REPLICA', 'PENDING', position, ?"
                            + " from catalogue_plan_replica where plan_id = ? on conflict do nothing",
                    event.backupId().value(), ts(at), event.planId().value());
        }
        jdbc.update("update backup_view set status = ?, stats = ?, file_problems = ?, finished_at = ?, failure_code = null,"
                        + " failure_message = null where backup_id = ?", BackupStatus.SUCCEEDED.name(), write(event.stats()),
                write(event.fileProblems()), ts(at), event.backupId().value());
    }

    @EventHandler
    void on(BackupReplicaSynced event, @Timestamp Instant at) {
        jdbc.update("update backup_location_view set status = 'SYNCED', updated_at = ? where backup_id = ?"
                + " and storage_location_id = ?", ts(at), event.backupId().value(), event.storageLocationId().value());
    }

    @EventHandler
    void on(BackupReplicaFailed event, @Timestamp Instant at) {
        jdbc.update("update backup_location_view set status = 'FAILED', updated_at = ? where backup_id = ?"
                        + " and storage_location_id = ? and status <> 'SYNCED'", ts(at), event.backupId().value(),
                event.storageLocationId().value());
    }

    @EventHandler
    void on(BackupFailed event, @Timestamp Instant at) {
        setLocations(event.backupId().value(), "PRIMARY", "FAILED", at);
        jdbc.update("update backup_view set status = ?, failure_code = ?, failure_message = ?, finished_at = ? where backup_id = ?",
                BackupStatus.FAILED.name(), event.code(), event.message(), ts(at), event.backupId().value());
    }

    @EventHandler
    void on(BackupCancelled event, @Timestamp Instant at) {
        setLocations(event.backupId().value(), "PRIMARY", "FAILED", at);
        jdbc.update("update backup_view set status = ?, finished_at = ? where backup_id = ?", BackupStatus.CANCELLED.name(),
                ts(at), event.backupId().value());
    }

    @EventHandler
    void on(IntegrityVerified event, @Timestamp Instant at) {
        jdbc.update("update backup_view set integrity_status = 'VERIFIED', verified_at = ? where backup_id = ?",
                ts(at), event.backupId().value());
    }

    @EventHandler
    void on(IntegrityCheckFailed event, @Timestamp Instant at) {
        jdbc.update("update backup_view set integrity_status = 'DAMAGED', verified_at = ? where backup_id = ?",
                ts(at), event.backupId().value());
    }

    private void setLocations(String backupId, String role, String status, Instant at) {
        jdbc.update("update backup_location_view set status = ?, updated_at = ? where backup_id = ? and role = ?",
                status, ts(at), backupId, role);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.sql.Timestamp ts(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table backup_view");
        jdbc.execute("truncate table backup_location_view");
        jdbc.execute("truncate table catalogue_plan_replica");
    }
}
