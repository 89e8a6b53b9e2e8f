package io.strata.kernel.storage;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;
import java.util.List;

/**
 * The tenant's repository in the replica location {@code storageLocationId} was compared with the one in
 * {@code primaryLocationId}: {@code objectsCopied} objects ({@code bytesCopied} bytes) missing on the replica were
 * copied, each checked against its hash; {@code extras} objects are on the replica and not on the primary (kept,
 * never deleted); {@code missingOnPrimary} snapshots of the platform's successful backups are absent from the
 * primary (the replica may hold the only copy); the backups in {@code backupsSynced} were FAILED in this replica
 * and are complete in it now.
 */
public record ReplicaReconciled(StorageLocationId storageLocationId,
                                TenantId tenantId,
                                StorageLocationId primaryLocationId,
                                long objectsCopied,
                                long bytesCopied,
                                long extras,
                                long missingOnPrimary,
                                List<BackupId> backupsSynced,
                                Instant at) implements TenantOwned {
}
