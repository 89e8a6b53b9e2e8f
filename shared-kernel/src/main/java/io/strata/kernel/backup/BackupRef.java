package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;

/** A successful backup another one can be compared with: its id and the snapshot it wrote. */
public record BackupRef(BackupId backupId, String snapshotId) {
}
