package io.strata.command.server;

import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.server.ServerHostKeyPinned;
import io.strata.kernel.server.ServerKind;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The servers the command side can reach, recorded with the events that register and remove them. */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
public class ServerRegistry {

    private final JdbcTemplate jdbc;

    public ServerRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ServerRegistered event) {
        jdbc.update("insert into server_registry (server_id, tenant_id, kind, host, port, username, local_path)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (server_id) do nothing",
                event.serverId().value(), event.tenantId().value(), event.kind().name(), event.host(), event.port(),
                event.username(), event.localPath());
    }

    @EventHandler
    void on(ServerHostKeyPinned event) {
        jdbc.update("update server_registry set host_key_fingerprint = ? where server_id = ?", event.fingerprint(),
                event.serverId().value());
    }

    @EventHandler
    void on(ServerRemoved event) {
        jdbc.update("update server_registry set removed = true where server_id = ?", event.serverId().value());
    }

    /** The tenant's server, unless it is another tenant's, removed, or unknown. */
    public Optional<RegisteredServer> find(TenantId tenantId, ServerId serverId) {
        return jdbc.query("select kind, host, port, username, local_path, host_key_fingerprint from server_registry"
                        + " where server_id = ? and tenant_id = ? and not removed",
                (rs, row) -> new RegisteredServer(serverId, tenantId, ServerKind.valueOf(rs.getString(1)), rs.getString(2),
                        (Integer) rs.getObject(3), rs.getString(4), rs.getString(5), rs.getString(6)),
                serverId.value(), tenantId.value()).stream().findFirst();
    }

    /** A server as workers and validators need it. */
    public record RegisteredServer(ServerId serverId, TenantId tenantId, ServerKind kind, String host, Integer port,
                                   String username, String localPath, String hostKeyFingerprint) {
    }
}
