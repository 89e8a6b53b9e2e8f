package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;

import java.util.List;

/**
 * A successful backup another one can be compared with: its id and the snapshots it wrote, one per source
 * of its plan, in the plan's order.
 */
public record BackupRef(BackupId backupId, List<String> snapshotIds) {

    public BackupRef {
        snapshotIds = List.copyOf(snapshotIds);
    }
}
