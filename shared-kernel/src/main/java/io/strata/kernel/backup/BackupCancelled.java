package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The backup was cancelled; no snapshot of it exists. */
public record BackupCancelled(BackupId backupId, TenantId tenantId, PlanId planId) implements TenantOwned {
}
