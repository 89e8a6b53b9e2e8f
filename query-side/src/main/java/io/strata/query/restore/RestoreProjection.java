package io.strata.query.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreRequested;
import io.strata.kernel.restore.RestoreSourceSelected;
import io.strata.kernel.restore.RestoreStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code restore_view}; idempotent. */
@Component
@ProcessingGroup(RestoreProjection.GROUP)
class RestoreProjection {

    static final String GROUP = "projection.restore";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    RestoreProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(RestoreRequested event, @Timestamp Instant at) {
        jdbc.update("insert into restore_view (restore_id, tenant_id, backup_id, target_server_id, target_path, status,"
                        + " requested_at) values (?, ?, ?, ?, ?, 'REQUESTED', ?) on conflict (restore_id) do nothing",
                event.restoreId().value(), event.tenantId().value(), event.backupId().value(),
                event.targetServerId().value(), event.targetPath(), java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(RestoreStarted event) {
        jdbc.update("update restore_view set status = 'RUNNING' where restore_id = ? and status in ('REQUESTED', 'RUNNING')",
                event.restoreId().value());
    }

    @EventHandler
    void on(RestoreSourceSelected event) {
        jdbc.update("update restore_view set source_location_id = ?, requested_location_id = ?, fallback_reason = ?"
                        + " where restore_id = ?", event.storageLocationId().value(), event.requestedLocationId().value(),
                event.fallbackReason(), event.restoreId().value());
    }

    @EventHandler
    void on(RestoreCompleted event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("update restore_view set status = 'SUCCEEDED', stats = ?, finished_at = ? where restore_id = ?",
                json.writeValueAsString(event.stats()), java.sql.Timestamp.from(at), event.restoreId().value());
    }

    @EventHandler
    void on(RestoreFailed event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("update restore_view set status = 'FAILED', stats = ?, failure_code = ?, failure_message = ?,"
                        + " failed_files = ?, finished_at = ? where restore_id = ?",
                json.writeValueAsString(event.stats()), event.code(), event.message(),
                json.writeValueAsString(event.failedFiles()), java.sql.Timestamp.from(at), event.restoreId().value());
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table restore_view");
    }
}
