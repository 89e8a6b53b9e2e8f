package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A worker claimed attempt {@code attempt}. */
public record BackupStarted(BackupId backupId, TenantId tenantId, int attempt, String worker) implements TenantOwned {
}
