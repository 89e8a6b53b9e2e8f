package io.strata.engine.snapshot;

import java.time.Duration;

/**
 * What a backup did. bytesScanned counts every file's size; bytesRead what was actually read;
 * bytesNew the plaintext of blobs not already in the repository; bytesStored their stored size
 * (compressed and encrypted, pack headers excluded).
 */
public record SnapshotStats(long filesScanned, long filesRead, long filesUnchanged, long bytesScanned, long bytesRead,
        long bytesNew, long bytesStored, Duration duration, long filesChangedDuringRead, long errors) {
    public static final SnapshotStats EMPTY = new SnapshotStats(0, 0, 0, 0, 0, 0, 0, Duration.ZERO, 0, 0);
}
