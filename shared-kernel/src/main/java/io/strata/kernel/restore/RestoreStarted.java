package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A worker started attempt {@code attempt} of the restore. */
public record RestoreStarted(RestoreId restoreId,
                             TenantId tenantId,
                             int attempt,
                             String worker) implements TenantOwned {
}
