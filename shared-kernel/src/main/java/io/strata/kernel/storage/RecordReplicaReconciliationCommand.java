package io.strata.kernel.storage;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.util.List;

/** Records a reconciliation of the tenant's repository in a replica location with its primary; see {@link ReplicaReconciled}. */
public record RecordReplicaReconciliationCommand(@TargetAggregateIdentifier StorageLocationId storageLocationId,
                                                 TenantId tenantId,
                                                 StorageLocationId primaryLocationId,
                                                 long objectsCopied,
                                                 long bytesCopied,
                                                 long extras,
                                                 long missingOnPrimary,
                                                 List<BackupId> backupsSynced,
                                                 Instant at) implements TenantOwned {
}
