package io.strata.engine.output.local;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Sets a path's mode (setuid, setgid and sticky included) with one {@code fchmodat(AT_FDCWD, path, mode,
 * AT_SYMLINK_NOFOLLOW)} call through the JDK's own native binding, when the JVM opens {@code java.base/sun.nio.fs}
 * to us (the CLI jar's and the platform jar's manifests do). java.nio's chmod, even when asked not to follow links,
 * opens the path without {@code O_NOFOLLOW} and changes whatever a symbolic link there points to: a link put in
 * place of a restored file between its writing and its metadata would give the snapshot's mode, setuid included,
 * to any file on the host. With this call a link at the path fails instead, and a FIFO is changed without being
 * opened. Linux only (the flag's value is Linux's); elsewhere, or when the package is not open, {@link #AVAILABLE}
 * is false and callers use java.nio.
 */
final class PathModes {
    static final boolean AVAILABLE;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code (int dirfd, Path path, int mode, int flags) -> void} */
    private static final MethodHandle FCHMODAT;

    static {
        MethodHandle h = null;
        if (System.getProperty("os.name", "").startsWith("Linux")) {
            try {
                Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
                Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup());
                h = l.findStatic(dispatcher, "fchmodat", MethodType.methodType(void.class, int.class, unixPath,
                        int.class, int.class))
                        .asType(MethodType.methodType(void.class, int.class, Path.class, int.class, int.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                h = null;
            }
        }
        FCHMODAT = h;
        AVAILABLE = h != null;
    }

    private PathModes() {
    }

    /**
     * Sets the mode (the low twelve bits of {@code mode}) without following a symbolic link at the path.
     *
     * @return false when this call is not available (the caller then uses java.nio)
     * @throws IOException when it failed, a symbolic link at the path among the reasons
     */
    static boolean set(Path path, int mode) throws IOException {
        if (!AVAILABLE) {
            return false;
        }
        try {
            FCHMODAT.invokeExact(AT_FDCWD, path, mode & 07777, AT_SYMLINK_NOFOLLOW);
            return true;
        } catch (Throwable e) {
            throw new FileSystemException(path.toString(), null, "cannot change its mode: " + e.getMessage());
        }
    }
}
