package io.strata.command.server;

import io.strata.command.sshkey.TenantSshKeys;
import io.strata.command.ssh.ClientKey;
import io.strata.command.ssh.ConnectionTest;
import io.strata.command.ssh.HostKeyPolicy;
import io.strata.command.ssh.SshConnection;
import io.strata.command.ssh.SshConnector;
import io.strata.command.ssh.SshEndpoint;
import io.strata.command.ssh.SshErrorCode;
import io.strata.command.ssh.SshException;
import io.strata.command.ssh.SshSettings;
import io.strata.kernel.server.ServerKind;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;

/**
 * Connects to tenants' SSH servers with the tenant's key. Work (backups, restores) connects only with a
 * pinned host key: a server whose key was never pinned by a connection test is refused, so a backup never
 * trusts a key it has not seen before.
 */
@Component
public class SshConnections {

    private final SshConnector connector;
    private final TenantSshKeys keys;

    public SshConnections(TenantSshKeys keys, ServerProperties properties) {
        this.keys = keys;
        this.connector = new SshConnector(SshSettings.defaults().withCommandStallTimeout(properties.commandStallTimeout()));
    }

    /** Tests a connection: with the pinned key if there is one, else trusting (and reporting) the presented one. */
    public ConnectionTest test(ServerRegistry.RegisteredServer server) {
        HostKeyPolicy policy = server.hostKeyFingerprint() == null ? HostKeyPolicy.trustOnFirstUse()
                : HostKeyPolicy.pinned(server.hostKeyFingerprint());
        return connector.testConnection(endpoint(server), clientKey(server), policy);
    }

    /** An authenticated connection for work; the host key must have been pinned. */
    public SshConnection connect(ServerRegistry.RegisteredServer server) throws SshException {
        if (server.kind() != ServerKind.SSH) {
            throw new IllegalArgumentException("Only SSH servers are reached over SSH");
        }
        if (server.hostKeyFingerprint() == null) {
            throw new SshException(SshErrorCode.SSH_HOST_KEY_MISMATCH, false,
                    "The server's host key is not pinned yet: run a connection test first", null);
        }
        return connector.connect(endpoint(server), clientKey(server), HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    private ClientKey clientKey(ServerRegistry.RegisteredServer server) {
        return ClientKey.fromPkcs8(keys.privateKey(server.tenantId())
                .orElseThrow(() -> new IllegalStateException("Tenant " + server.tenantId() + " has no SSH key")));
    }

    private static SshEndpoint endpoint(ServerRegistry.RegisteredServer server) {
        return new SshEndpoint(server.host(), server.port(), server.username());
    }

    @PreDestroy
    void close() {
        connector.close();
    }
}
