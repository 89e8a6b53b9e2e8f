package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Pins the SSH host key the server must present ({@code fingerprint} as OpenSSH prints it, {@code SHA256:…}).
 * Without {@code replace} only a server with no pinned key accepts it (the first successful connection
 * test); with it an OWNER or ADMIN replaces a pinned key after the server's key legitimately changed.
 */
public record PinHostKeyCommand(@TargetAggregateIdentifier ServerId serverId, TenantId tenantId, String fingerprint,
                                boolean replace) implements TenantOwned {
}
