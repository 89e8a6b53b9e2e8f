package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;

/** The requested level could not run as asked and was raised; {@code reason} says why (a stable code). */
public record BackupLevelEscalated(BackupId backupId,
                                   TenantId tenantId,
                                   BackupLevel requestedLevel,
                                   BackupLevel level,
                                   String reason) implements TenantOwned {
}
