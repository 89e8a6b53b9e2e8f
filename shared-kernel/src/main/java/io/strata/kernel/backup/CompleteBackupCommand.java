package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The attempt finished: its snapshots, one per plan source (empty for a dry run), and statistics. */
public record CompleteBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                    TenantId tenantId,
                                    int attempt,
                                    List<String> snapshotIds,
                                    BackupStats stats) implements TenantOwned {
}
