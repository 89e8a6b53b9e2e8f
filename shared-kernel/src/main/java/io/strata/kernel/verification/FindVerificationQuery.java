package io.strata.kernel.verification;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

/** Asks for one verification of the tenant; answered with a {@link VerificationView}, or nothing. */
public record FindVerificationQuery(TenantId tenantId, VerificationId verificationId) implements TenantOwned {
}
