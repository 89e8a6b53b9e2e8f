package io.strata.kernel.restore;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The restore succeeded; every restored file's SHA-256 matched the backup's. */
public record RestoreCompleted(RestoreId restoreId,
                               TenantId tenantId,
                               BackupId backupId,
                               RestoreStats stats) implements TenantOwned {
}
