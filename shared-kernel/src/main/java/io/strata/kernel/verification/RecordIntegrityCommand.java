package io.strata.kernel.verification;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The verification finished: what was checked and every problem found. */
public record RecordIntegrityCommand(@TargetAggregateIdentifier VerificationId verificationId,
                                     TenantId tenantId,
                                     long chunksChecked,
                                     List<IntegrityProblem> problems) implements TenantOwned {
}
