package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Removes a server from the tenant's inventory; its existing backups stay restorable. */
public record RemoveServerCommand(@TargetAggregateIdentifier ServerId serverId, TenantId tenantId)
        implements TenantOwned {
}
