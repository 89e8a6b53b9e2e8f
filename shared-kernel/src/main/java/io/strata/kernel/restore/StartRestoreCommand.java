package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A worker starts (or, after its node died, restarts) the restore. */
public record StartRestoreCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                  TenantId tenantId,
                                  String worker) implements TenantOwned {
}
