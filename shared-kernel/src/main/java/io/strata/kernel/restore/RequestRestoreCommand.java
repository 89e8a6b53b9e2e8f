package io.strata.kernel.restore;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Requests a restore of a successful backup; the sender checked the target and looked up the snapshots. */
public record RequestRestoreCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                    TenantId tenantId,
                                    BackupId backupId,
                                    ServerId targetServerId,
                                    String targetPath,
                                    List<String> paths,
                                    boolean overwrite,
                                    StorageLocationId sourceLocationId,
                                    List<String> snapshotIds) implements TenantOwned {
}
