package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;

/** The first health probe of a location succeeded (its health was unknown until then). */
public record StorageLocationAvailable(StorageLocationId storageLocationId, TenantId tenantId, Instant at)
        implements TenantOwned {
}
