package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A tenant exists; its slug names its default domain and its repositories. */
public record TenantCreated(TenantId tenantId, String name, String slug) implements TenantOwned {
}
