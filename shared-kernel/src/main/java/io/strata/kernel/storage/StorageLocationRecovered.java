package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;

/** A health probe of a location that was unavailable succeeded again. */
public record StorageLocationRecovered(StorageLocationId storageLocationId, TenantId tenantId, Instant at)
        implements TenantOwned {
}
