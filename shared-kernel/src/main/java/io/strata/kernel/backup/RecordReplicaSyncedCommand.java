package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every object of the backup's repository is now in the replica location too, each copy checked by its hash. */
public record RecordReplicaSyncedCommand(@TargetAggregateIdentifier BackupId backupId, TenantId tenantId,
                                         StorageLocationId storageLocationId, long objectsCopied, long bytesCopied)
        implements TenantOwned {
}
