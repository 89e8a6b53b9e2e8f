package io.strata.command.server;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.server.PinHostKeyCommand;
import io.strata.kernel.server.RegisterServerCommand;
import io.strata.kernel.server.RemoveServerCommand;
import io.strata.kernel.server.ServerHostKeyPinned;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's server. It belongs to the tenant that registered it; a command naming another tenant is
 * answered as if the server did not exist.
 */
@Aggregate
class Server {

    @AggregateIdentifier
    private ServerId serverId;
    private TenantId tenantId;
    private boolean removed;
    private String hostKey;

    protected Server() {
        // for Axon
    }

    @CommandHandler
    Server(RegisterServerCommand command) {
        apply(new ServerRegistered(command.serverId(), command.tenantId(), command.name(), command.kind(),
                command.host(), command.port(), command.username(), command.localPath()));
    }

    @CommandHandler
    void handle(RemoveServerCommand command) {
        requireVisibleTo(command.tenantId());
        apply(new ServerRemoved(serverId, tenantId));
    }

    @CommandHandler
    void handle(PinHostKeyCommand command) {
        requireVisibleTo(command.tenantId());
        if (command.fingerprint() == null || !command.fingerprint().matches("SHA256:[A-Za-z0-9+/]{43}")) {
            throw new DomainException(ErrorKind.INVALID, "INVALID_FINGERPRINT",
                    "A host key fingerprint looks like SHA256: followed by 43 base64 characters");
        }
        if (command.fingerprint().equals(hostKey)) {
            return;
        }
        if (hostKey != null && !command.replace()) {
            throw new DomainException(ErrorKind.CONFLICT, "HOST_KEY_ALREADY_PINNED",
                    "The server's host key is pinned; an OWNER or ADMIN may replace it");
        }
        apply(new ServerHostKeyPinned(serverId, tenantId, command.fingerprint(), hostKey));
    }

    private void requireVisibleTo(TenantId caller) {
        if (!tenantId.equals(caller) || removed) {
            throw DomainException.notFound("The server");
        }
    }

    @EventSourcingHandler
    void on(ServerRegistered event) {
        this.serverId = event.serverId();
        this.tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(ServerHostKeyPinned event) {
        this.hostKey = event.fingerprint();
    }

    @EventSourcingHandler
    void on(ServerRemoved event) {
        this.removed = true;
    }
}
