package io.strata.engine.metadata;

/**
 * Tells a local file system's refusal because it is mounted read-only ({@code EROFS}). java.nio reports it as a plain
 * {@link java.nio.file.FileSystemException} carrying the system's message; every later write to that file system
 * fails the same way until it is remounted, which callers report as such rather than as one failed file.
 */
public final class ReadOnlyFileSystem {
    private ReadOnlyFileSystem() {
    }

    /** Whether {@code e} (or what it wraps) is the system's "Read-only file system". */
    public static boolean in(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = t.getMessage();
            if (msg != null && msg.contains("Read-only file system")) {
                return true;
            }
        }
        return false;
    }
}
