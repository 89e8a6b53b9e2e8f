package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.UserId;

/** A user is a member of the tenant with a role. */
public record MemberJoined(TenantId tenantId, UserId userId, Role role) implements TenantOwned {
}
