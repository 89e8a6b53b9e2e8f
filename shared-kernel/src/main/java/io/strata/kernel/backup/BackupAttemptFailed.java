package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/** An attempt failed and another will follow at {@code nextAttempt}. */
public record BackupAttemptFailed(BackupId backupId,
                                  TenantId tenantId,
                                  int attempt,
                                  String code,
                                  String message,
                                  int nextAttempt) implements TenantOwned {
}
