package io.strata.kernel.verification;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

/** A worker started attempt {@code attempt} of the verification. */
public record VerificationStarted(VerificationId verificationId,
                                  TenantId tenantId,
                                  int attempt,
                                  String worker) implements TenantOwned {
}
