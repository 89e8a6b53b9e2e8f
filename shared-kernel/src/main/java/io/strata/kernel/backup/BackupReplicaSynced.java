package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The backup is complete in a replica location, every copied object checked against its hash. */
public record BackupReplicaSynced(BackupId backupId, TenantId tenantId, StorageLocationId storageLocationId,
                                  long objectsCopied, long bytesCopied) implements TenantOwned {
}
