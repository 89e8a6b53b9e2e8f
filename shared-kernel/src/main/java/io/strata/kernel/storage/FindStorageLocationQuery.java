package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** One of the tenant's storage locations; answered with a {@link StorageLocationView}, or nothing. */
public record FindStorageLocationQuery(TenantId tenantId, StorageLocationId storageLocationId) implements TenantOwned {
}
