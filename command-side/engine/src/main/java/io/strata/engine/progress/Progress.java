package io.strata.engine.progress;

import java.time.Duration;

/**
 * A point-in-time view of a running operation.
 *
 * @param filesTotal files found so far (final once {@code scanComplete})
 * @param bytesTotal bytes of those files
 * @param filesDone files finished (read, skipped as unchanged, or restored)
 * @param bytesDone bytes of those files
 * @param bytesPerSecond rate over the last reporting interval
 * @param currentPath a path being worked on, or null
 */
public record Progress(long filesTotal, long bytesTotal, long filesDone, long bytesDone, double bytesPerSecond,
        Duration elapsed, boolean scanComplete, String currentPath) {

    /** Estimated time left, when the total is known and the rate is positive. */
    public Duration eta() {
        if (!scanComplete || bytesPerSecond <= 0) {
            return null;
        }
        return Duration.ofMillis((long) ((bytesTotal - bytesDone) / bytesPerSecond * 1000));
    }
}
