package io.strata.kernel.restore;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * The restore failed: a stable code, a message, and the files that could not be restored. Revision 2 added
 * {@link RestoreStats#ownersNotApplied}, revision 3 {@link RestoreStats#xattrsNotApplied} (stored events of earlier
 * revisions read them as zero).
 */
@Revision("3")
public record RestoreFailed(RestoreId restoreId,
                            TenantId tenantId,
                            BackupId backupId,
                            String code,
                            String message,
                            RestoreStats stats,
                            List<String> failedFiles) implements TenantOwned {
}
