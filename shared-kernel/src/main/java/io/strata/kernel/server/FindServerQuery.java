package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Asks for one server of the tenant; answered with a {@link ServerView}, or nothing. */
public record FindServerQuery(TenantId tenantId, ServerId serverId) implements TenantOwned {
}
