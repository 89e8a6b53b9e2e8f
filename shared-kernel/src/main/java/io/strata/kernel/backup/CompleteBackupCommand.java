package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * The attempt finished: its snapshots, one per plan source (empty for a dry run), statistics (which count every
 * path the run could not capture as it was), and the first {@link FileProblem#LISTED} of those paths
 * in path order.
 */
public record CompleteBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                    TenantId tenantId,
                                    int attempt,
                                    List<String> snapshotIds,
                                    BackupStats stats,
                                    List<FileProblem> fileProblems) implements TenantOwned {
}
