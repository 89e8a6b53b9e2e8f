package io.strata.engine.metadata;

import java.io.IOException;

/**
 * Tells a local file system's refusal for want of room: {@code ENOSPC} (no free block, or no free inode for a new
 * entry) or {@code EDQUOT} (the user's quota used up). java.nio reports both as plain {@link IOException}s (or
 * {@link java.nio.file.FileSystemException}s) carrying the system's message, with no type of their own; every later
 * write to that file system fails the same way until room is made, which callers report as such rather than as one
 * failed file or a passing outage.
 */
public final class NoSpaceLeft {
    private NoSpaceLeft() {
    }

    /** Whether {@code e} (or what it wraps) is the system's "No space left on device" or "Disk quota exceeded". */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && (msg.contains("No space left on device") || msg.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
