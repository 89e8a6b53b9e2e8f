package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds a custom domain, pending until a TXT record named {@code verificationName} with the value
 * {@code verificationValue} is found in DNS.
 */
public record AddDomainCommand(@TargetAggregateIdentifier TenantId tenantId,
                               String domain,
                               String verificationName,
                               String verificationValue) implements TenantOwned {
}
