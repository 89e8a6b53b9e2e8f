package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;

/**
 * The tenant's repository in the location was listed at {@code at} and occupies {@code usedBytes} in
 * {@code objects} objects (every repository object, the health probe's own excepted); recorded when it changed.
 */
public record StorageUsageMeasured(StorageLocationId storageLocationId, TenantId tenantId, long usedBytes, long objects,
                                   Instant at) implements TenantOwned {
}
