package io.strata.platform.caller;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.Role;

/** Who is calling: established from a verified access token, for the lifetime of one request. */
public record Caller(UserId userId, TenantId tenantId, Role role) {
}
