package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;

/**
 * A health probe of a location that was available (or not probed yet) failed: an object could not be written,
 * read back identical, or deleted. {@code reason} names the failing step and never holds credentials.
 */
public record StorageLocationUnavailable(StorageLocationId storageLocationId, TenantId tenantId, String reason, Instant at)
        implements TenantOwned {
}
