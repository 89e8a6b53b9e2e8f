package io.strata.engine.archiver;

import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import java.util.List;

/**
 * A byte stream (e.g. a database dump) stored as one file.
 *
 * @param path the file's absolute path in the snapshot, e.g. {@code /databases/app.pgdump}
 * @param mode permission bits recorded for the file
 */
public record StreamBackupRequest(String path, int mode, String hostname, String username, List<String> tags,
        boolean dryRun, ProgressListener progress, Cancellation cancellation) {
    public StreamBackupRequest {
        tags = List.copyOf(tags);
    }

    public static StreamBackupRequest of(String path, String hostname) {
        return new StreamBackupRequest(path, 0600, hostname, System.getProperty("user.name", ""), List.of(), false,
                ProgressListener.NONE, Cancellation.none());
    }
}
