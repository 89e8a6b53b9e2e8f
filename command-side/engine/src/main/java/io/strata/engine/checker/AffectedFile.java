package io.strata.engine.checker;

import io.strata.engine.snapshot.SnapshotId;

/** A file (or directory, when its listing is damaged) of a snapshot that cannot be restored intact. */
public record AffectedFile(SnapshotId snapshot, String path, String blob) {
}
