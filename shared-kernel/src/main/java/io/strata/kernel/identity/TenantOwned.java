package io.strata.kernel.identity;

/**
 * A message that belongs to exactly one tenant. The dispatch side refuses to send one on behalf of a caller
 * of another tenant, and tenant-owned aggregates refuse one whose tenant is not theirs.
 */
public interface TenantOwned {

    TenantId tenantId();
}
