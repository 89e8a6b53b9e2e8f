package io.strata.engine.archiver;

import io.strata.engine.snapshot.SnapshotId;
import java.time.Duration;
import java.util.List;

/**
 * What a backup did.
 *
 * @param snapshotId the snapshot written, or null for a dry run
 * @param filesScanned regular files seen
 * @param filesRead files whose content was read
 * @param filesUnchanged files skipped because the parent has them unchanged
 * @param bytesScanned sum of the sizes of the files seen
 * @param bytesRead bytes actually read
 * @param bytesNew plaintext bytes of blobs the repository did not have (data and trees)
 * @param bytesStored stored (compressed, encrypted) bytes of those blobs; for a dry run, what would be stored
 * @param changedDuringRead files whose size or times changed while they were read
 * @param errors paths that could not be read
 */
public record BackupResult(SnapshotId snapshotId, long filesScanned, long filesRead, long filesUnchanged,
        long bytesScanned, long bytesRead, long bytesNew, long bytesStored, Duration duration,
        List<String> changedDuringRead, List<FileError> errors, boolean dryRun) {
}
