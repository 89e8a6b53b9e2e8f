package io.strata.engine.snapshot;

import io.strata.engine.blob.BlobId;
import java.time.Instant;
import java.util.List;

/**
 * One backup.
 *
 * @param paths the source paths backed up, as given (absolute for file systems, the stream's name for streams)
 * @param parent the snapshot compared with to skip unchanged files, or null
 * @param tree the root tree: a directory mirroring the paths from the source's root
 */
public record Snapshot(Instant time, String hostname, String username, List<String> paths, List<String> tags,
        BackupLevel level, SnapshotId parent, BlobId tree, SnapshotStats stats, String engineVersion) {
    public Snapshot {
        paths = List.copyOf(paths);
        tags = List.copyOf(tags);
    }
}
