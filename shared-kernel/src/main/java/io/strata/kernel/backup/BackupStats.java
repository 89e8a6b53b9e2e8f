package io.strata.kernel.backup;

/**
 * What a backup did, as API.md names it: entries scanned, files read (new or changed), files skipped as
 * unchanged, bytes scanned and read, bytes of new (not deduplicated) content, bytes stored after compression
 * and encryption, and the time it took.
 */
public record BackupStats(long filesScanned, long filesRead, long filesUnchanged, long bytesScanned, long bytesRead,
                          long bytesNew, long bytesStored, long durationMs) {

    public static final BackupStats NONE = new BackupStats(0, 0, 0, 0, 0, 0, 0, 0);
}
