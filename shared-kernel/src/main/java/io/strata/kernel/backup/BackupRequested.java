package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;

import java.util.List;

/**
 * A backup was requested; {@code level} and {@code baseBackupId}/{@code baseSnapshotIds} are what it will
 * run with.
 */
public record BackupRequested(BackupId backupId,
                              TenantId tenantId,
                              PlanId planId,
                              ServerId serverId,
                              StorageLocationId storageLocationId,
                              BackupLevel requestedLevel,
                              BackupLevel level,
                              BackupId baseBackupId,
                              List<String> baseSnapshotIds,
                              boolean dryRun,
                              int maxAttempts) implements TenantOwned {
}
