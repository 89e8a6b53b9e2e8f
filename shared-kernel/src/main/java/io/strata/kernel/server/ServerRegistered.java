package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A server was registered; fields as in {@link RegisterServerCommand}. */
public record ServerRegistered(ServerId serverId,
                               TenantId tenantId,
                               String name,
                               ServerKind kind,
                               String host,
                               Integer port,
                               String username,
                               String localPath) implements TenantOwned {
}
