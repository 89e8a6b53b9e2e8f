package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.UserId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Adds an existing account to a tenant with a role; {@code grantedBy} is the member who asked. */
public record AddMemberCommand(@TargetAggregateIdentifier TenantId tenantId,
                               UserId userId,
                               Role role,
                               UserId grantedBy) implements TenantOwned {
}
