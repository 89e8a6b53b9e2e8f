package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Copying the backup to a replica location did not succeed before its deadline, or cannot succeed. */
public record RecordReplicaFailedCommand(@TargetAggregateIdentifier BackupId backupId, TenantId tenantId,
                                         StorageLocationId storageLocationId, String code, String message)
        implements TenantOwned {
}
