package io.strata.command.server;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.server.RegisterServerCommand;
import io.strata.kernel.server.RemoveServerCommand;
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
    void on(ServerRemoved event) {
        this.removed = true;
    }
}
