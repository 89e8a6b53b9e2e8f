package io.strata.query.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.verification.IntegrityCheckFailed;
import io.strata.kernel.verification.IntegrityVerified;
import io.strata.kernel.verification.VerificationFailed;
import io.strata.kernel.verification.VerificationRequested;
import io.strata.kernel.verification.VerificationStarted;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code verification_view}; idempotent. */
@Component
@ProcessingGroup(VerificationProjection.GROUP)
class VerificationProjection {

    static final String GROUP = "projection.verification";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    VerificationProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(VerificationRequested event, @Timestamp Instant at) {
        jdbc.update("insert into verification_view (verification_id, tenant_id, backup_id, read_data, status, requested_at)"
                        + " values (?, ?, ?, ?, 'REQUESTED', ?) on conflict (verification_id) do nothing",
                event.verificationId().value(), event.tenantId().value(), event.backupId().value(), event.readData(),
                java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(VerificationStarted event) {
        jdbc.update("update verification_view set status = 'RUNNING' where verification_id = ? and status in"
                + " ('REQUESTED', 'RUNNING')", event.verificationId().value());
    }

    @EventHandler
    void on(IntegrityVerified event, @Timestamp Instant at) {
        jdbc.update("update verification_view set status = 'VERIFIED', chunks_checked = ?, finished_at = ?"
                + " where verification_id = ?", event.chunksChecked(), java.sql.Timestamp.from(at), event.verificationId().value());
    }

    @EventHandler
    void on(IntegrityCheckFailed event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("update verification_view set status = 'DAMAGED', chunks_checked = ?, problems = ?, finished_at = ?"
                        + " where verification_id = ?", event.chunksChecked(), json.writeValueAsString(event.problems()),
                java.sql.Timestamp.from(at), event.verificationId().value());
    }

    @EventHandler
    void on(VerificationFailed event, @Timestamp Instant at) {
        jdbc.update("update verification_view set status = 'FAILED', failure_code = ?, finished_at = ? where verification_id = ?",
                event.code(), java.sql.Timestamp.from(at), event.verificationId().value());
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table verification_view");
    }
}
