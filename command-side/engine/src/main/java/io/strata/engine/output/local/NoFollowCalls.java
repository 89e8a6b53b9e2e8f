package io.strata.engine.output.local;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * Changes a path's times and mode with one system call each, never through a symbolic link at the path
 * ({@code utimensat} and {@code fchmodat} on {@code AT_FDCWD} with {@code AT_SYMLINK_NOFOLLOW}), through the JDK's
 * own native bindings, when the JVM opens {@code java.base/sun.nio.fs} to us (the CLI jar's and the platform jar's
 * manifests do). java.nio does neither well:
 * <ul>
 *   <li>its {@code setTimes} opens the file, calls {@code futimens} and closes it: three system calls per restored
 *       file, which on a restore of a source tree (tens of thousands of small files) costs seconds;</li>
 *   <li>its chmod, even when asked not to follow links, opens the path without {@code O_NOFOLLOW} and changes
 *       whatever a link there points to: a link put in place of a restored file between its writing and its
 *       metadata would give the snapshot's mode, setuid included, to any file on the host. With {@code fchmodat}
 *       a link at the path fails instead.</li>
 * </ul>
 * Neither opens the file, so a FIFO is changed without blocking. Linux only (the flag's value is Linux's);
 * elsewhere, or when the package is not open, the calls answer false and callers use java.nio.
 */
final class NoFollowCalls {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** {@code (int dirfd, Path path, long atimeNanos, long mtimeNanos, int flags) -> void}, or null */
    private static final MethodHandle UTIMENSAT = find("utimensat", long.class, long.class, int.class);
    /** {@code (int dirfd, Path path, int mode, int flags) -> void}, or null */
    private static final MethodHandle FCHMODAT = find("fchmodat", int.class, int.class);

    /** {@code (Path path, int mode, long dev) -> void}: mknod(2), which never follows a link at the path; or null */
    private static final MethodHandle MKNOD = findMknod();

    private NoFollowCalls() {
    }

    private static MethodHandle findMknod() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
            Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
            MethodType declared = MethodType.methodType(void.class, unixPath, int.class, long.class);
            return MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup()).findStatic(dispatcher, "mknod", declared)
                    .asType(declared.changeParameterType(0, Path.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Creates a FIFO or device node at the path with mknod(2): {@code mode} holds the type bits ({@code S_IFIFO},
     * {@code S_IFCHR}, {@code S_IFBLK}) and the permissions (the umask applies: the caller sets the mode after),
     * {@code rdev} the device number as {@code stat} gives it. Unlike {@code mkfifo(1)} and {@code mknod(1)}, no
     * process is started and the path's bytes are passed as they are, whatever the locale.
     *
     * @return false when the call is not available (the caller then runs the commands)
     * @throws IOException when it failed
     */
    static boolean makeNode(Path path, int mode, long rdev) throws IOException {
        if (MKNOD == null) {
            return false;
        }
        try {
            MKNOD.invokeExact(path, mode, rdev);
            return true;
        } catch (Throwable e) {
            if (e instanceof Error error) {
                throw error;
            }
            throw new FileSystemException(path.toString(), null, "cannot create it: " + e.getMessage());
        }
    }

    /** {@code sun.nio.fs.UnixNativeDispatcher.<name>(int, UnixPath, rest...)}, typed with {@link Path}; null if absent. */
    private static MethodHandle find(String name, Class<?>... rest) {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return null;
        }
        try {
            Class<?> dispatcher = Class.forName("sun.nio.fs.UnixNativeDispatcher");
            Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
            MethodType declared = MethodType.methodType(void.class, int.class, unixPath).appendParameterTypes(rest);
            return MethodHandles.privateLookupIn(dispatcher, MethodHandles.lookup()).findStatic(dispatcher, name, declared)
                    .asType(declared.changeParameterType(1, Path.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@link #setMode} can work here. */
    static boolean modeAvailable() {
        return FCHMODAT != null;
    }

    /**
     * Sets access and modification time (nanoseconds since the epoch). Returns false when the call is not
     * available or failed for any reason (the caller then repeats it through java.nio, which reports the error
     * properly).
     */
    static boolean setTimes(Path path, long atimeNanos, long mtimeNanos) {
        if (UTIMENSAT == null || atimeNanos < 0 || mtimeNanos < 0) {
            return false;
        }
        try {
            UTIMENSAT.invokeExact(AT_FDCWD, path, atimeNanos, mtimeNanos, AT_SYMLINK_NOFOLLOW);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * Sets the mode (the low twelve bits of {@code mode}, setuid, setgid and sticky included).
     *
     * @return false when the call is not available (the caller then uses java.nio)
     * @throws IOException when it failed, a symbolic link at the path among the reasons
     */
    static boolean setMode(Path path, int mode) throws IOException {
        if (FCHMODAT == null) {
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
