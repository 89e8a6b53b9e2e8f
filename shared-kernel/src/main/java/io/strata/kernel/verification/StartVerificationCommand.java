package io.strata.kernel.verification;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker starts (or restarts) the verification. */
public record StartVerificationCommand(@TargetAggregateIdentifier VerificationId verificationId,
                                       TenantId tenantId,
                                       String worker) implements TenantOwned {
}
