package io.strata.engine.archiver;

/**
 * A path the backup could not read, what went wrong and why. The rest of the backup went on: the path is
 * missing from the snapshot (a directory that could not be listed is recorded empty).
 */
public record FileError(String path, Kind kind, String reason) {

    /** What went wrong, stable enough for callers to act on. */
    public enum Kind {
        /** A directory whose entries could not be listed. */
        UNLISTABLE,
        /** A file listed but gone when it was to be read. */
        VANISHED,
        /** A file that could not be read (permissions, I/O error). */
        UNREADABLE
    }
}
