package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.serialization.Revision;

import java.util.List;

/**
 * The backup succeeded: its snapshots, one per plan source in the plan's order (none for a dry run, which
 * stored nothing), statistics, and the paths it could not capture as they were (the first
 * {@link FileProblem#LISTED} of them in path order; the statistics count them all). Revision 2 added the
 * failed and changed file counts and {@code fileProblems} (stored revision-1 events read as none).
 */
@Revision("2")
public record BackupCompleted(BackupId backupId,
                              TenantId tenantId,
                              PlanId planId,
                              ServerId serverId,
                              BackupLevel level,
                              List<String> snapshotIds,
                              BackupStats stats,
                              boolean dryRun,
                              List<FileProblem> fileProblems) implements TenantOwned {

    public BackupCompleted {
        fileProblems = List.copyOf(fileProblems);
    }
}
