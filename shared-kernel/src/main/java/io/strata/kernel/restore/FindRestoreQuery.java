package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Asks for one restore of the tenant; answered with a {@link RestoreView}, or nothing. */
public record FindRestoreQuery(TenantId tenantId, RestoreId restoreId) implements TenantOwned {
}
