package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The backup could not be copied to a replica location; the next reconciliation tries again. */
public record BackupReplicaFailed(BackupId backupId, TenantId tenantId, StorageLocationId storageLocationId, String code,
                                  String message) implements TenantOwned {
}
