package io.strata.kernel.tenant;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/**
 * The tenant's SSH key pair was generated. Only the public half is recorded ({@code publicKey} is an
 * OpenSSH {@code authorized_keys} line); the private half is sealed under the platform key-encryption key.
 */
public record TenantSshKeyGenerated(TenantId tenantId, String publicKey, String fingerprint) implements TenantOwned {
}
