package io.strata.engine.source;

/**
 * A file's size and modification time as a bulk reader saw them when it began reading the file,
 * in the same precision as the source's {@link Source#stat} (so they compare with the listing).
 */
public record ReadStamp(long size, long mtimeNanos) {
}
