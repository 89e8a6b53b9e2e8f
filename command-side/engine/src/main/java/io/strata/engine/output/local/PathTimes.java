package io.strata.engine.output.local;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Sets a path's times with one {@code utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW)} call
 * through the JDK's own native binding, when the JVM opens {@code java.base/sun.nio.fs} to us (the
 * CLI jar's manifest does). java.nio's {@code setTimes} instead opens the file, calls
 * {@code futimens} and closes it: three system calls per restored file, which on a restore of a
 * source tree (tens of thousands of small files) costs seconds. Linux only (the flag's value is
 * Linux's); elsewhere, or when the package is not open, {@link #AVAILABLE} is false and callers use
 * java.nio.
 */
final class PathTimes {
    static final boolean AVAILABLE;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code (int dirfd, Path path, long atimeNanos, long mtimeNanos, int flags) -> void} */
    private static final MethodHandle UTIMENSAT;

    static {
        MethodHandle h = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
                Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup());
                h = l.findStatic(dispatcher, "utimensat", MethodType.methodType(void.class, int.class, unixPath,
                        long.class, long.class, int.class))
                        .asType(MethodType.methodType(void.class, int.class, Path.class, long.class, long.class,
                                int.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                h = null;
            }
        }
        UTIMENSAT = h;
        AVAILABLE = h != null;
    }

    private PathTimes() {
    }

    /**
     * Sets access and modification time (nanoseconds since the epoch) without following a final
     * symlink. Returns false when the call failed for any reason (the caller then repeats it through
     * java.nio, which reports the error properly).
     */
    static boolean set(Path path, long atimeNanos, long mtimeNanos) {
        if (!AVAILABLE || atimeNanos < 0 || mtimeNanos < 0) {
            return false;
        }
        try {
            UTIMENSAT.invokeExact(AT_FDCWD, path, atimeNanos, mtimeNanos, AT_SYMLINK_NOFOLLOW);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }
}
