package io.strata.engine.source;

import io.strata.engine.metadata.FileMetadata;

/**
 * A file's size and modification time as a bulk reader saw them when it began reading the file,
 * in the same precision as the source's {@link Source#stat} (so they compare with the listing).
 */
public record ReadStamp(long size, long mtimeNanos) {

    /** Whether the file as read is not the file as listed: another size or modification time. */
    public boolean differsFrom(FileMetadata listed) {
        return size != listed.size() || mtimeNanos != listed.mtimeNanos();
    }
}
