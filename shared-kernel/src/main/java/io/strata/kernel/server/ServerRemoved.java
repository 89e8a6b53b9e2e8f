package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A server left the tenant's inventory. */
public record ServerRemoved(ServerId serverId, TenantId tenantId) implements TenantOwned {
}
