package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** The worker of attempt {@code attempt} went silent; attempt {@code nextAttempt} will follow. */
public record BackupClaimExpired(BackupId backupId,
                                 TenantId tenantId,
                                 int attempt,
                                 int nextAttempt) implements TenantOwned {
}
