package io.strata.kernel.backup;

/**
 * What a backup did, as API.md names it: entries scanned, files read (new or changed), files skipped as
 * unchanged, bytes scanned and read, bytes of new (not deduplicated) content, bytes stored after compression
 * and encryption, the time it took, and the paths it could not capture as they were: entries that could not be
 * listed or read (left out of the snapshot) and files that changed while they were read (stored as read).
 */
public record BackupStats(long filesScanned, long filesRead, long filesUnchanged, long bytesScanned, long bytesRead,
                          long bytesNew, long bytesStored, long durationMs, long filesFailed,
                          long filesChangedDuringRead) {

    public static final BackupStats NONE = new BackupStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
