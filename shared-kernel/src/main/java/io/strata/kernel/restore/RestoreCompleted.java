package io.strata.kernel.restore;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.serialization.Revision;

/**
 * The restore succeeded; every restored file's SHA-256 matched the backup's. Revision 2 added
 * {@link RestoreStats#ownersNotApplied}, revision 3 {@link RestoreStats#xattrsNotApplied} (stored events of earlier
 * revisions read them as zero).
 */
@Revision("3")
public record RestoreCompleted(RestoreId restoreId,
                               TenantId tenantId,
                               BackupId backupId,
                               RestoreStats stats) implements TenantOwned {
}
