package io.strata.kernel.backup;

/**
 * A path a successful backup did not capture as it was: skipped because it could not be listed or read, or
 * stored although it changed while it was read. The rest of the backup is complete; {@link BackupStats} counts
 * every such path, a backup's events name the first {@link #LISTED} of them in path order.
 */
public record FileProblem(String path, Code code, String message) {

    /** How many problems a backup's events name. */
    public static final int LISTED = 100;

    /** What happened to the path. */
    public enum Code {
        /** A directory whose entries could not be listed: it is stored empty. */
        UNLISTABLE,
        /** A file that was listed but gone when it was to be read: it is not in the snapshot. */
        VANISHED,
        /** A file that could not be read (permissions, I/O error): it is not in the snapshot. */
        UNREADABLE,
        /** A file whose size or times changed while it was read: stored, but possibly not consistent. */
        CHANGED_DURING_READ
    }
}
