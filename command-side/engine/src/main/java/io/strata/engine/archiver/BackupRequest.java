package io.strata.engine.archiver;

import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.snapshot.SnapshotId;
import java.util.List;
import java.util.function.Predicate;

/**
 * What to back up and how.
 *
 * @param paths absolute source paths
 * @param level FULL ignores any parent; DIFFERENTIAL and INCREMENTAL require {@code parent}
 * @param parent the snapshot to compare with, or null (FULL)
 * @param exclude paths to leave out (applied to every entry's full path)
 * @param dryRun scan, chunk and look up, store nothing, write no snapshot
 * @param workers threads reading and chunking files
 */
public record BackupRequest(List<String> paths, BackupLevel level, SnapshotId parent, String hostname, String username,
        List<String> tags, Predicate<String> exclude, boolean dryRun, ProgressListener progress,
        Cancellation cancellation, int workers) {

    public BackupRequest {
        paths = List.copyOf(paths);
        tags = List.copyOf(tags);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("nothing to back up: no paths");
        }
        if (level != BackupLevel.FULL && parent == null) {
            throw new IllegalArgumentException(level + " backups name their parent snapshot");
        }
        if (level == BackupLevel.FULL && parent != null) {
            throw new IllegalArgumentException("FULL backups have no parent");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
    }

    /** A FULL backup of the paths with default settings. */
    public static BackupRequest full(List<String> paths, String hostname) {
        return new BackupRequest(paths, BackupLevel.FULL, null, hostname, System.getProperty("user.name", ""), List.of(),
                p -> false, false, ProgressListener.NONE, Cancellation.none(),
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public BackupRequest withParent(BackupLevel newLevel, SnapshotId newParent) {
        return new BackupRequest(paths, newLevel, newParent, hostname, username, tags, exclude, dryRun, progress,
                cancellation, workers);
    }

    public BackupRequest withDryRun(boolean d) {
        return new BackupRequest(paths, level, parent, hostname, username, tags, exclude, d, progress, cancellation, workers);
    }

    public BackupRequest withProgress(ProgressListener p) {
        return new BackupRequest(paths, level, parent, hostname, username, tags, exclude, dryRun, p, cancellation, workers);
    }

    public BackupRequest withCancellation(Cancellation c) {
        return new BackupRequest(paths, level, parent, hostname, username, tags, exclude, dryRun, progress, c, workers);
    }

    public BackupRequest withTags(List<String> t) {
        return new BackupRequest(paths, level, parent, hostname, username, t, exclude, dryRun, progress, cancellation, workers);
    }

    public BackupRequest withExclude(Predicate<String> e) {
        return new BackupRequest(paths, level, parent, hostname, username, tags, e, dryRun, progress, cancellation, workers);
    }

    public BackupRequest withWorkers(int w) {
        return new BackupRequest(paths, level, parent, hostname, username, tags, exclude, dryRun, progress, cancellation, w);
    }
}
