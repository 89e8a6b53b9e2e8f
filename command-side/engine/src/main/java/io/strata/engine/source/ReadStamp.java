package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;

/**
 * A file's size and modification time as a bulk reader saw them when it began reading the file.
 *
 * @param mtimePrecisionNanos the precision of {@code mtimeNanos} (1 for nanoseconds, 1,000,000,000 for a
 *        reader that sees whole seconds, such as a tar header); the listing's time is compared at it
 */
public record ReadStamp(long size, long mtimeNanos, long mtimePrecisionNanos) {

    public ReadStamp {
        if (mtimePrecisionNanos < 1) {
            throw new IllegalArgumentException("mtimePrecisionNanos must be positive");
        }
    }

    /** A stamp with a nanosecond modification time. */
    public ReadStamp(long size, long mtimeNanos) {
        this(size, mtimeNanos, 1);
    }

    /** A stamp from a reader that sees modification times in whole seconds. */
    public static ReadStamp wholeSeconds(long size, long mtimeSeconds) {
        return new ReadStamp(size, mtimeSeconds * 1_000_000_000L, 1_000_000_000L);
    }

    /** Whether the file as read is not the file as listed: another size or modification time. */
    public boolean differsFrom(FileMetadata listed) {
        return size != listed.size() || Math.floorDiv(mtimeNanos, mtimePrecisionNanos)
                != Math.floorDiv(listed.mtimeNanos(), mtimePrecisionNanos);
    }
}
