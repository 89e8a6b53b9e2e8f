package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The attempt finished: its snapshot (null for a dry run) and statistics. */
public record CompleteBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                    TenantId tenantId,
                                    int attempt,
                                    String snapshotId,
                                    BackupStats stats) implements TenantOwned {
}
