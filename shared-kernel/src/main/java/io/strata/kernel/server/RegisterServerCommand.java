package io.strata.kernel.server;

import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers a server. For {@link ServerKind#SSH}, {@code host}, {@code port} and {@code username} are set
 * and {@code localPath} is null; for {@link ServerKind#LOCAL} only {@code localPath} is set.
 */
public record RegisterServerCommand(@TargetAggregateIdentifier ServerId serverId,
                                    TenantId tenantId,
                                    String name,
                                    ServerKind kind,
                                    String host,
                                    Integer port,
                                    String username,
                                    String localPath) implements TenantOwned {
}
