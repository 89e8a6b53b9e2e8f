package io.strata.command.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.CreateStorageLocationCommand;
import io.strata.kernel.storage.StorageLocationCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant's storage location. */
@Aggregate
class StorageLocation {

    @AggregateIdentifier
    private StorageLocationId storageLocationId;
    private TenantId tenantId;

    protected StorageLocation() {
        // for Axon
    }

    @CommandHandler
    StorageLocation(CreateStorageLocationCommand command) {
        apply(new StorageLocationCreated(command.storageLocationId(), command.tenantId(), command.name(), command.type(),
                command.settings()));
    }

    @EventSourcingHandler
    void on(StorageLocationCreated event) {
        this.storageLocationId = event.storageLocationId();
        this.tenantId = event.tenantId();
    }
}
