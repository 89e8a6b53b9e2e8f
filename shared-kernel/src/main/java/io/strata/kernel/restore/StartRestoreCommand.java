package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A worker starts (or, after its node died, restarts) the restore. Answers the attempt it starts (1 for the
 * first), or 0 when the restore failed instead because its attempts ran out.
 */
public record StartRestoreCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                  TenantId tenantId,
                                  String worker) implements TenantOwned {
}
