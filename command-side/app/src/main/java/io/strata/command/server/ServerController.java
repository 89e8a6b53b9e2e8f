package io.strata.command.server;

import io.strata.command.hostpath.HostPathClaims;
import io.strata.command.sshkey.TenantSshKeys;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.server.RemoveServerCommand;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import jakarta.validation.Valid;
import io.strata.command.registry.TransactionalCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/servers}: registering and removing servers (listing them is on the query side). */
@RestController
@RequestMapping("/api/v1/servers")
@EnableConfigurationProperties(ServerProperties.class)
class ServerController {

    private static final Logger log = LoggerFactory.getLogger(ServerController.class);

    private final TransactionalCommands commands;
    private final TenantSshKeys sshKeys;
    private final ServerRegistration registration;

    ServerController(TransactionalCommands commands, TenantSshKeys sshKeys, LocalServerPaths localPaths,
                     HostPathClaims claims) {
        this.commands = commands;
        this.sshKeys = sshKeys;
        this.registration = new ServerRegistration(localPaths, claims);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ServerRequests.Registered register(@Valid @RequestBody ServerRequests.Register request) {
        Caller caller = CurrentCaller.require();
        ServerId serverId = ServerId.random();
        // one transaction: a LOCAL server's directory is claimed (HostPathClaims) and registered together
        var command = commands.inTransaction(() -> {
            var registering = registration.command(serverId, caller.tenantId(), request);
            commands.send(registering);
            return registering;
        });
        log.info("Registered {} server {}", command.kind(), serverId);
        String publicKey = sshKeys.publicKey(caller.tenantId()).map(TenantSshKeys.PublicSshKey::openSshLine)
                .orElseThrow(() -> new IllegalStateException("Tenant " + caller.tenantId() + " has no SSH key"));
        return new ServerRequests.Registered(serverId.value(), publicKey);
    }

    @DeleteMapping("/{serverId}")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ServerRequests.Removed remove(@PathVariable String serverId) {
        Caller caller = CurrentCaller.require();
        ServerId id = parse(serverId);
        commands.send(new RemoveServerCommand(id, caller.tenantId()));
        log.info("Removed server {}", id);
        return new ServerRequests.Removed(id.value());
    }

    private static ServerId parse(String raw) {
        try {
            return ServerId.of(raw);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The server");
        }
    }
}
