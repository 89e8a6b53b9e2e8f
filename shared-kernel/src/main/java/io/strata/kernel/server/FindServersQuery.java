package io.strata.kernel.server;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Lists a tenant's servers, oldest first; answered with {@link ServerView}s. */
public record FindServersQuery(TenantId tenantId) implements TenantOwned {
}
