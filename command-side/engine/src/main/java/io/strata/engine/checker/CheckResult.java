package io.strata.engine.checker;

import io.strata.engine.snapshot.SnapshotId;
import java.util.List;

/**
 * Outcome of a check.
 *
 * @param warnings harmless findings (e.g. packs not in the index, left by an interrupted backup)
 */
public record CheckResult(List<DamagedObject> damaged, List<SnapshotId> affectedSnapshots,
        List<AffectedFile> affectedFiles, List<String> warnings, long snapshotsChecked, long packsChecked,
        long blobsChecked, boolean readData) {
    public boolean ok() {
        return damaged.isEmpty();
    }
}
