package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/**
 * A domain now belongs to the tenant. The default domain is {@link DomainStatus#ACTIVE} at once and has no
 * verification record; a custom one is {@link DomainStatus#PENDING_VERIFICATION} with its TXT record.
 */
public record DomainAdded(TenantId tenantId,
                          String domain,
                          DomainStatus status,
                          boolean defaultDomain,
                          String verificationName,
                          String verificationValue) implements TenantOwned {
}
