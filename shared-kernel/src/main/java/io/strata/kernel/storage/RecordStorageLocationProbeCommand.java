package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The outcome of one health probe of a location (write, read back, delete a small object): {@code available}, or
 * not with the {@code reason}. The location records only changes of its health, not every probe.
 */
public record RecordStorageLocationProbeCommand(@TargetAggregateIdentifier StorageLocationId storageLocationId,
                                                TenantId tenantId,
                                                boolean available,
                                                String reason,
                                                Instant at) implements TenantOwned {
}
