package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records the location the restore's worker reads from; see {@link RestoreSourceSelected}. */
public record RecordRestoreSourceCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                         TenantId tenantId,
                                         StorageLocationId storageLocationId,
                                         StorageLocationId requestedLocationId,
                                         String fallbackReason) implements TenantOwned {
}
