package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;

import java.util.List;

/**
 * The backup succeeded: its snapshots, one per plan source in the plan's order (none for a dry run, which
 * stored nothing), and statistics.
 */
public record BackupCompleted(BackupId backupId,
                              TenantId tenantId,
                              PlanId planId,
                              ServerId serverId,
                              BackupLevel level,
                              List<String> snapshotIds,
                              BackupStats stats,
                              boolean dryRun) implements TenantOwned {
}
