package io.strata.kernel.plan;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Lists the tenant's plans, oldest first; answered with {@link PlanView}s. */
public record FindPlansQuery(TenantId tenantId) implements TenantOwned {
}
