package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;

/** The backup succeeded: its snapshot (null for a dry run, which stored nothing) and statistics. */
public record BackupCompleted(BackupId backupId,
                              TenantId tenantId,
                              PlanId planId,
                              BackupLevel level,
                              String snapshotId,
                              BackupStats stats,
                              boolean dryRun) implements TenantOwned {
}
