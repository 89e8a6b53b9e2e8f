package io.strata.command.server;

import io.strata.command.registry.TransactionalCommands;
import io.strata.command.ssh.ConnectionTest;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.server.PinHostKeyCommand;
import io.strata.kernel.server.ServerKind;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code POST /api/v1/servers/{id}/connection-test}: connects with the tenant's key and answers what
 * happened. The first success pins the presented host key (an event records it); later tests accept only
 * that key, and a different one fails with {@code SSH_HOST_KEY_MISMATCH} until an OWNER or ADMIN pins the new
 * key with {@code PUT /api/v1/servers/{id}/host-key}.
 */
@RestController
class ConnectionTestController {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTestController.class);

    private final ServerRegistry servers;
    private final SshConnections connections;
    private final TransactionalCommands commands;

    ConnectionTestController(ServerRegistry servers, SshConnections connections, TransactionalCommands commands) {
        this.servers = servers;
        this.connections = connections;
        this.commands = commands;
    }

    record Result(boolean ok, String hostKeyFingerprint, boolean hostKeyPinned, String message, String code,
                  boolean retryable, String serverVersion) {
    }

    record HostKey(@NotBlank String fingerprint) {
    }

    @PostMapping("/api/v1/servers/{serverId}/connection-test")
    Result test(@PathVariable String serverId) {
        Caller caller = CurrentCaller.require();
        var server = servers.find(caller.tenantId(), parse(serverId)).orElseThrow(() -> DomainException.notFound("The server"));
        if (server.kind() == ServerKind.LOCAL) {
            Path path = Path.of(server.localPath());
            boolean readable = Files.isDirectory(path) && Files.isReadable(path);
            return new Result(readable, null, false, readable ? "The directory " + path + " is readable"
                    : "The directory " + path + " is missing or not readable", readable ? null : "LOCAL_PATH_UNREADABLE",
                    false, null);
        }
        ConnectionTest test = connections.test(server);
        boolean pinned = server.hostKeyFingerprint() != null;
        if (test.ok() && !pinned) {
            commands.send(new PinHostKeyCommand(server.serverId(), caller.tenantId(), test.hostKeyFingerprint(), false));
            pinned = true;
            log.info("Pinned the host key {} of server {}", test.hostKeyFingerprint(), server.serverId());
        }
        return new Result(test.ok(), test.hostKeyFingerprint(), pinned, test.message(),
                test.errorCode() == null ? null : test.errorCode().name(), test.retryable(), test.serverVersion());
    }

    @PutMapping("/api/v1/servers/{serverId}/host-key")
    @PreAuthorize("hasAnyRole('OWNER', 'ADMIN')")
    HostKey repin(@PathVariable String serverId, @Valid @RequestBody HostKey request) {
        Caller caller = CurrentCaller.require();
        var server = servers.find(caller.tenantId(), parse(serverId)).orElseThrow(() -> DomainException.notFound("The server"));
        commands.send(new PinHostKeyCommand(server.serverId(), caller.tenantId(), request.fingerprint().strip(), true));
        log.info("Re-pinned the host key of server {} to {}", server.serverId(), request.fingerprint());
        return new HostKey(request.fingerprint().strip());
    }

    private static ServerId parse(String raw) {
        try {
            return ServerId.of(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The server");
        }
    }
}
