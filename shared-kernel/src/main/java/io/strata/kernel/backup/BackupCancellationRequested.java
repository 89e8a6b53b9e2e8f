package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** Cancellation was asked for while a worker runs the backup. */
public record BackupCancellationRequested(BackupId backupId, TenantId tenantId) implements TenantOwned {
}
