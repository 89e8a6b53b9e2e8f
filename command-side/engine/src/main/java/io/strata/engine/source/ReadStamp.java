package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;

/**
 * A file's size and modification time as seen at some precision, compared with a listing: a bulk reader's
 * when it began reading the file (a tar header: whole seconds), a coarse stat, a parent snapshot's entry
 * from a listing in whole seconds.
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

    /** A stamp from a reader that sees modification times to the whole second (a tar header, an SFTP v3 stat). */
    public static ReadStamp toTheSecond(long size, long mtimeNanos) {
        return new ReadStamp(size, mtimeNanos, 1_000_000_000L);
    }

    /** Whether the file as read is not the file as listed: another size or modification time. */
    public boolean differsFrom(FileMetadata listed) {
        return size != listed.size() || Math.floorDiv(mtimeNanos, mtimePrecisionNanos)
                != Math.floorDiv(listed.mtimeNanos(), mtimePrecisionNanos);
    }
}
