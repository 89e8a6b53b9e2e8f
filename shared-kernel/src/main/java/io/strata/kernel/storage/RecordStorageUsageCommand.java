package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * What the tenant's repository in the location occupies, measured by listing it: the sum of its objects' sizes
 * and their number. The location records only changes.
 */
public record RecordStorageUsageCommand(@TargetAggregateIdentifier StorageLocationId storageLocationId,
                                        TenantId tenantId,
                                        long usedBytes,
                                        long objects,
                                        Instant at) implements TenantOwned {
}
