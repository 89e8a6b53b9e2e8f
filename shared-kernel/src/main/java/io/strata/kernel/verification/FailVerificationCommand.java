package io.strata.kernel.verification;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The verification could not run to its end (storage unreachable, …). */
public record FailVerificationCommand(@TargetAggregateIdentifier VerificationId verificationId,
                                      TenantId tenantId,
                                      String code,
                                      String message) implements TenantOwned {
}
