package io.strata.query.server;

import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import io.strata.kernel.tenant.TenantSshKeyGenerated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code server_view} and the tenant keys it shows. Idempotent, so a redelivered event changes
 * nothing; a tenant's events arrive in order, so its key is known before its first server.
 */
@Component
@ProcessingGroup(ServerProjection.GROUP)
class ServerProjection {

    static final String GROUP = "projection.server";

    private final JdbcTemplate jdbc;

    ServerProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServerRegistered event, @Timestamp Instant at) {
        jdbc.update("insert into server_view (server_id, tenant_id, name, kind, host, port, username, local_path,"
                        + " registered_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (server_id) do nothing",
                event.serverId().value(), event.tenantId().value(), event.name(), event.kind().name(), event.host(),
                event.port(), event.username(), event.localPath(), java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(TenantSshKeyGenerated event) {
        jdbc.update("insert into server_tenant_key_view (tenant_id, public_key) values (?, ?)"
                + " on conflict (tenant_id) do update set public_key = excluded.public_key",
                event.tenantId().value(), event.publicKey());
    }

    @EventHandler
    void on(BackupCompleted event, @Timestamp Instant at) {
        if (!event.dryRun()) {
            jdbc.update("update server_view set last_backup_id = ?, last_backup_at = ? where server_id = ?",
                    event.backupId().value(), java.sql.Timestamp.from(at), event.serverId().value());
        }
    }

    @EventHandler
    void on(ServerRemoved event) {
        jdbc.update("delete from server_view where server_id = ?", event.serverId().value());
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table server_view");
        jdbc.execute("truncate table server_tenant_key_view");
    }
}
