package io.strata.engine.metadata;

/**
 * A file system's refusal of every further write, told from the system's message: java.nio reports these as plain
 * {@link java.io.IOException}s (or {@link java.nio.file.FileSystemException}s) carrying the message, with no type of
 * their own. Every later write to that file system fails the same way until someone acts (makes room, remounts it),
 * which callers report as such rather than as one failed file or a passing outage.
 */
public enum WriteRefusal {
    /** No room left: no free block, or no free inode for a new entry ({@code ENOSPC}), or a used-up quota ({@code EDQUOT}). */
    FULL("No space left on device", "Disk quota exceeded"),
    /** A file system mounted read-only ({@code EROFS}). */
    READ_ONLY("Read-only file system");

    private final String[] messages;

    WriteRefusal(String... messages) {
        this.messages = messages;
    }

    /** Whether {@code e} (or what it wraps) carries this refusal's system message. */
    public boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getMessage();
            if (msg != null) {
                for (String m : messages) {
                    if (msg.contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The refusal {@code e} (or what it wraps) carries; null when none. */
    public static WriteRefusal of(Throwable e) {
        for (WriteRefusal r : values()) {
            if (r.in(e)) {
                return r;
            }
        }
        return null;
    }
}
