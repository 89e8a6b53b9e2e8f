package io.strata.engine.source.local;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Direct access to the {@code struct stat} fields that the JDK's {@code UnixFileAttributes}
 * already holds (mode with setuid/setgid/sticky and type bits, inode, device, link count, ctime),
 * when the JVM opens {@code java.base/sun.nio.fs} to us (the CLI jar's manifest does:
 * {@code Add-Opens}). This avoids the {@code "unix:*"} attribute-map path, which costs a map, boxed
 * values and FileTime objects per file, and seconds of JIT compilation in short runs. When the
 * package is not open, {@link #AVAILABLE} is false and callers use the portable path.
 */
final class UnixStat {
    static final boolean AVAILABLE;
    private static final VarHandle MODE;
    private static final VarHandle INO;
    private static final VarHandle DEV;
    private static final VarHandle RDEV;
    private static final VarHandle NLINK;
    private static final VarHandle UID;
    private static final VarHandle GID;
    private static final VarHandle SIZE;
    private static final VarHandle ATIME;
    private static final VarHandle ATIME_NS;
    private static final VarHandle MTIME;
    private static final VarHandle MTIME_NS;
    private static final VarHandle CTIME;
    private static final VarHandle CTIME_NS;

    static {
        VarHandle[] h = new VarHandle[14];
        boolean ok;
        try {
            Class<?> c = Class.forName("sun.nio.fs.UnixFileAttributes");
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(c, MethodHandles.lookup());
            h[0] = l.findVarHandle(c, "st_mode", int.class);
            h[1] = l.findVarHandle(c, "st_ino", long.class);
            h[2] = l.findVarHandle(c, "st_dev", long.class);
            h[3] = l.findVarHandle(c, "st_rdev", long.class);
            h[4] = l.findVarHandle(c, "st_nlink", int.class);
            h[5] = l.findVarHandle(c, "st_uid", int.class);
            h[6] = l.findVarHandle(c, "st_gid", int.class);
            h[7] = l.findVarHandle(c, "st_size", long.class);
            h[8] = l.findVarHandle(c, "st_atime_sec", long.class);
            h[9] = l.findVarHandle(c, "st_atime_nsec", long.class);
            h[10] = l.findVarHandle(c, "st_mtime_sec", long.class);
            h[11] = l.findVarHandle(c, "st_mtime_nsec", long.class);
            h[12] = l.findVarHandle(c, "st_ctime_sec", long.class);
            h[13] = l.findVarHandle(c, "st_ctime_nsec", long.class);
            ok = true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            ok = false;
        }
        AVAILABLE = ok;
        MODE = h[0];
        INO = h[1];
        DEV = h[2];
        RDEV = h[3];
        NLINK = h[4];
        UID = h[5];
        GID = h[6];
        SIZE = h[7];
        ATIME = h[8];
        ATIME_NS = h[9];
        MTIME = h[10];
        MTIME_NS = h[11];
        CTIME = h[12];
        CTIME_NS = h[13];
    }

    private UnixStat() {
    }

    static int mode(PosixFileAttributes a) {
        return (int) MODE.get(a);
    }

    static long ino(PosixFileAttributes a) {
        return (long) INO.get(a);
    }

    static long dev(PosixFileAttributes a) {
        return (long) DEV.get(a);
    }

    static long rdev(PosixFileAttributes a) {
        return (long) RDEV.get(a);
    }

    static int nlink(PosixFileAttributes a) {
        return (int) NLINK.get(a);
    }

    static int uid(PosixFileAttributes a) {
        return (int) UID.get(a);
    }

    static int gid(PosixFileAttributes a) {
        return (int) GID.get(a);
    }

    static long size(PosixFileAttributes a) {
        return (long) SIZE.get(a);
    }

    static long atimeNanos(PosixFileAttributes a) {
        return (long) ATIME.get(a) * 1_000_000_000L + (long) ATIME_NS.get(a);
    }

    static long mtimeNanos(PosixFileAttributes a) {
        return (long) MTIME.get(a) * 1_000_000_000L + (long) MTIME_NS.get(a);
    }

    static long ctimeNanos(PosixFileAttributes a) {
        return (long) CTIME.get(a) * 1_000_000_000L + (long) CTIME_NS.get(a);
    }
}
