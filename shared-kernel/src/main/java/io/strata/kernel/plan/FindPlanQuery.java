package io.strata.kernel.plan;

import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Asks for one plan of the tenant; answered with a {@link PlanView}, or nothing. */
public record FindPlanQuery(TenantId tenantId, PlanId planId) implements TenantOwned {
}
