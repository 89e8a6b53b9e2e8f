package io.strata.kernel.restore;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.util.List;

/** A restore was requested. */
public record RestoreRequested(RestoreId restoreId,
                               TenantId tenantId,
                               BackupId backupId,
                               ServerId targetServerId,
                               String targetPath,
                               List<String> paths,
                               boolean overwrite,
                               StorageLocationId sourceLocationId,
                               List<String> snapshotIds) implements TenantOwned {
}
