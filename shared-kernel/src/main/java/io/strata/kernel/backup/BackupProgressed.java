package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** A heartbeat of the running attempt with its progress so far. */
public record BackupProgressed(BackupId backupId,
                               TenantId tenantId,
                               int attempt,
                               BackupStats progress) implements TenantOwned {
}
