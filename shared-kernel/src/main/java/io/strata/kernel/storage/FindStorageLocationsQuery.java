package io.strata.kernel.storage;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Lists the tenant's storage locations; answered with {@link StorageLocationView}s. */
public record FindStorageLocationsQuery(TenantId tenantId) implements TenantOwned {
}
