package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.serialization.Revision;

/**
 * A heartbeat of the running attempt with its progress so far. Revision 2: {@link BackupStats} counts failed
 * and changed files (stored revision-1 events read them as 0).
 */
@Revision("2")
public record BackupProgressed(BackupId backupId,
                               TenantId tenantId,
                               int attempt,
                               BackupStats progress) implements TenantOwned {
}
