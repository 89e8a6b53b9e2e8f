package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The server's SSH host key is pinned; {@code previous} is the fingerprint it replaces (null the first time). */
public record ServerHostKeyPinned(ServerId serverId, TenantId tenantId, String fingerprint, String previous)
        implements TenantOwned {
}
