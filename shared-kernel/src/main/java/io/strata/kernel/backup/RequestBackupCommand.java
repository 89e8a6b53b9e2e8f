package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Requests a backup of a plan at a level. {@code lastFull} and {@code lastSuccessful} are the plan's
 * latest successful FULL and latest successful backup of any level (null when none), looked up by the
 * sender; the aggregate decides the effective level and base from them.
 */
public record RequestBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                   TenantId tenantId,
                                   PlanId planId,
                                   ServerId serverId,
                                   StorageLocationId storageLocationId,
                                   BackupLevel requestedLevel,
                                   boolean dryRun,
                                   BackupRef lastFull,
                                   BackupRef lastSuccessful,
                                   int maxAttempts) implements TenantOwned {
}
