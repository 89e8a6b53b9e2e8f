package io.strata.command.restore;

import io.strata.engine.restorer.Restorer;
import io.strata.engine.snapshot.SnapshotId;

import java.util.ArrayList;
import java.util.List;

/** The paths a restore asks for that none of the backup's snapshots (one per plan source) has. */
final class BackupIncludes {

    private BackupIncludes() {
    }

    /** The {@code paths} of which no snapshot has anything, in the order given; empty when all are there. */
    static List<String> missing(Restorer restorer, List<String> snapshotIds, List<String> paths) {
        List<String> missing = new ArrayList<>(paths);
        for (String snapshot : snapshotIds) {
            if (missing.isEmpty()) {
                break;
            }
            missing.retainAll(restorer.missingIncludes(new SnapshotId(snapshot), missing));
        }
        return missing;
    }
}
