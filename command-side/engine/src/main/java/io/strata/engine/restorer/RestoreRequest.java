package io.strata.engine.restorer;

import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.snapshot.SnapshotId;
import java.util.List;

/**
 * What to restore.
 *
 * @param includes snapshot paths (absolute) to restore with everything below them; empty means all
 * @param workers threads restoring files
 */
public record RestoreRequest(SnapshotId snapshot, List<String> includes, ProgressListener progress,
        Cancellation cancellation, int workers) {
    /** Workers of a restore that names none: what keeps a local disk's file creation busy without crowding it. */
    public static final int DEFAULT_WORKERS = 4;

    public RestoreRequest {
        includes = List.copyOf(includes);
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1");
        }
    }

    public static RestoreRequest all(SnapshotId snapshot) {
        return new RestoreRequest(snapshot, List.of(), ProgressListener.NONE, Cancellation.none(), DEFAULT_WORKERS);
    }

    public RestoreRequest withIncludes(List<String> paths) {
        return new RestoreRequest(snapshot, paths, progress, cancellation, workers);
    }

    public RestoreRequest withProgress(ProgressListener p) {
        return new RestoreRequest(snapshot, includes, p, cancellation, workers);
    }

    public RestoreRequest withWorkers(int w) {
        return new RestoreRequest(snapshot, includes, progress, cancellation, w);
    }
}
