package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The backup failed for good: a stable {@code code} and a message for people. */
public record BackupFailed(BackupId backupId,
                           TenantId tenantId,
                           PlanId planId,
                           String code,
                           String message) implements TenantOwned {
}
