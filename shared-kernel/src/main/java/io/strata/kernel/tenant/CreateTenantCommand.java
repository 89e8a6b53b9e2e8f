package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Creates a tenant with its owner, its default domain and the public half of its SSH key pair. The slug and
 * domain are already claimed (unique) by the caller in the same transaction.
 */
public record CreateTenantCommand(@TargetAggregateIdentifier TenantId tenantId,
                                  String name,
                                  String slug,
                                  String defaultDomain,
                                  UserId ownerUserId,
                                  String sshPublicKey,
                                  String sshKeyFingerprint) implements TenantOwned {
}
