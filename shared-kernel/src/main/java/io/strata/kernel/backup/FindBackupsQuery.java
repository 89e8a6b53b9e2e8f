package io.strata.kernel.backup;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;

/** The tenant's backups, newest first, filtered by any of plan, server, status and level (null = any). */
public record FindBackupsQuery(TenantId tenantId, String planId, String serverId, BackupStatus status, BackupLevel level)
        implements TenantOwned {
}
