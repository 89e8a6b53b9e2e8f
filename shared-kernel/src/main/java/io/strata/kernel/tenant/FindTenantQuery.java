package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Asks for one tenant's profile; answered with a {@link TenantView}, or nothing for an unknown tenant. */
public record FindTenantQuery(TenantId tenantId) implements TenantOwned {
}
