package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Asks for one backup of the tenant; answered with a {@link BackupView}, or nothing. */
public record FindBackupQuery(TenantId tenantId, BackupId backupId) implements TenantOwned {
}
