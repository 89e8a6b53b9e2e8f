package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The restore finished: every file written and verified. */
public record CompleteRestoreCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                     TenantId tenantId,
                                     RestoreStats stats) implements TenantOwned {
}
