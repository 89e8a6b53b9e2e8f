package io.strata.command.storage;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.CreateStorageLocationCommand;
import io.strata.kernel.storage.RecordReplicaReconciliationCommand;
import io.strata.kernel.storage.RecordStorageLocationProbeCommand;
import io.strata.kernel.storage.RecordStorageUsageCommand;
import io.strata.kernel.storage.ReplicaReconciled;
import io.strata.kernel.storage.StorageLocationAvailable;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageLocationRecovered;
import io.strata.kernel.storage.StorageLocationUnavailable;
import io.strata.kernel.storage.StorageUsageMeasured;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A tenant's storage location. Its health starts UNKNOWN; probes move it to AVAILABLE or UNAVAILABLE, and only a
 * change is recorded (a location probed every minute does not fill the event store). Its usage is recorded when
 * a measurement differs from the last one. Reconciliations of a replica with its primary are recorded on the
 * replica, every one, as evidence.
 */
@Aggregate
class StorageLocation {

    enum Health { UNKNOWN, AVAILABLE, UNAVAILABLE }

    @AggregateIdentifier
    private StorageLocationId storageLocationId;
    private TenantId tenantId;
    private Health health = Health.UNKNOWN;
    private long usedBytes = -1;
    private long objects = -1;

    protected StorageLocation() {
        // for Axon
    }

    @CommandHandler
    StorageLocation(CreateStorageLocationCommand command) {
        apply(new StorageLocationCreated(command.storageLocationId(), command.tenantId(), command.name(), command.type(),
                command.settings()));
    }

    @CommandHandler
    void handle(RecordStorageLocationProbeCommand command) {
        requireTenant(command.tenantId());
        if (!command.available() && health != Health.UNAVAILABLE) {
            apply(new StorageLocationUnavailable(storageLocationId, tenantId, command.reason(), command.at()));
        } else if (command.available() && health == Health.UNAVAILABLE) {
            apply(new StorageLocationRecovered(storageLocationId, tenantId, command.at()));
        } else if (command.available() && health == Health.UNKNOWN) {
            apply(new StorageLocationAvailable(storageLocationId, tenantId, command.at()));
        }
    }

    @CommandHandler
    void handle(RecordStorageUsageCommand command) {
        requireTenant(command.tenantId());
        if (command.usedBytes() < 0 || command.objects() < 0) {
            throw new IllegalArgumentException("usage cannot be negative");
        }
        if (command.usedBytes() != usedBytes || command.objects() != objects) {
            apply(new StorageUsageMeasured(storageLocationId, tenantId, command.usedBytes(), command.objects(), command.at()));
        }
    }

    @CommandHandler
    void handle(RecordReplicaReconciliationCommand command) {
        requireTenant(command.tenantId());
        apply(new ReplicaReconciled(storageLocationId, tenantId, command.primaryLocationId(), command.objectsCopied(),
                command.bytesCopied(), command.extras(), command.missingOnPrimary(), command.backupsSynced(), command.at()));
    }

    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw DomainException.notFound("The storage location");
        }
    }

    @EventSourcingHandler
    void on(StorageLocationCreated event) {
        this.storageLocationId = event.storageLocationId();
        this.tenantId = event.tenantId();
    }

    @EventSourcingHandler
    void on(StorageLocationAvailable event) {
        health = Health.AVAILABLE;
    }

    @EventSourcingHandler
    void on(StorageLocationRecovered event) {
        health = Health.AVAILABLE;
    }

    @EventSourcingHandler
    void on(StorageLocationUnavailable event) {
        health = Health.UNAVAILABLE;
    }

    @EventSourcingHandler
    void on(StorageUsageMeasured event) {
        usedBytes = event.usedBytes();
        objects = event.objects();
    }
}
