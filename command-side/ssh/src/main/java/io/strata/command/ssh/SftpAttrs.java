package io.strata.command.ssh;

import io.strata.engine.metadata.FileType;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * File attributes as SFTP version 3 carries them (draft-ietf-secsh-filexfer-02 section 5): size,
 * numeric uid/gid, the full {@code st_mode} (OpenSSH and MINA send the type bits too), and access
 * and modification times in whole seconds. Absent fields are -1.
 */
record SftpAttrs(int flags, long size, int uid, int gid, int permissions, long atime, long mtime) {
    static final int SIZE = 0x1;
    static final int UIDGID = 0x2;
    static final int PERMISSIONS = 0x4;
    static final int ACMODTIME = 0x8;
    static final int EXTENDED = 0x80000000;

    static final SftpAttrs NONE = new SftpAttrs(0, -1, -1, -1, -1, -1, -1);

    static SftpAttrs read(Buffer b) {
        int flags = b.getInt();
        long size = (flags & SIZE) != 0 ? b.getLong() : -1;
        int uid = -1;
        int gid = -1;
        if ((flags & UIDGID) != 0) {
            uid = b.getInt();
            gid = b.getInt();
        }
        int perms = (flags & PERMISSIONS) != 0 ? b.getInt() : -1;
        long atime = -1;
        long mtime = -1;
        if ((flags & ACMODTIME) != 0) {
            atime = b.getUInt();
            mtime = b.getUInt();
        }
        if ((flags & EXTENDED) != 0) {
            int n = b.getInt();
            for (int i = 0; i < n; i++) {
                b.getBytes();
                b.getBytes();
            }
        }
        return new SftpAttrs(flags, size, uid, gid, perms, atime, mtime);
    }

    void write(Buffer b) {
        b.putInt(flags & ~EXTENDED);
        if ((flags & SIZE) != 0) {
            b.putLong(size);
        }
        if ((flags & UIDGID) != 0) {
            b.putInt(uid);
            b.putInt(gid);
        }
        if ((flags & PERMISSIONS) != 0) {
            b.putInt(permissions);
        }
        if ((flags & ACMODTIME) != 0) {
            b.putUInt(atime);
            b.putUInt(mtime);
        }
    }

    static SftpAttrs ofSize(long size) {
        return new SftpAttrs(SIZE, size, -1, -1, -1, -1, -1);
    }

    static SftpAttrs ofOwner(int uid, int gid) {
        return new SftpAttrs(UIDGID, -1, uid, gid, -1, -1, -1);
    }

    static SftpAttrs ofPermissions(int mode) {
        return new SftpAttrs(PERMISSIONS, -1, -1, -1, mode, -1, -1);
    }

    static SftpAttrs ofTimes(long atimeSeconds, long mtimeSeconds) {
        return new SftpAttrs(ACMODTIME, -1, -1, -1, -1, atimeSeconds, mtimeSeconds);
    }

    static SftpAttrs ofPermissionsAndTimes(int mode, long atimeSeconds, long mtimeSeconds) {
        return new SftpAttrs(PERMISSIONS | ACMODTIME, -1, -1, -1, mode, atimeSeconds, mtimeSeconds);
    }

    /** These attributes and the owner, in one request. */
    SftpAttrs withOwner(int uid, int gid) {
        return new SftpAttrs(flags | UIDGID, size, uid, gid, permissions, atime, mtime);
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The entry's type from the mode's type bits; null when the server sent no permissions. */
    FileType type() {
        if (!has(PERMISSIONS)) {
            return null;
        }
        return switch (permissions & 0170000) {
            case 0040000 -> FileType.DIRECTORY;
            case 0120000 -> FileType.SYMLINK;
            case 0010000 -> FileType.FIFO;
            case 0140000 -> FileType.SOCKET;
            case 0020000 -> FileType.CHAR_DEVICE;
            case 0060000 -> FileType.BLOCK_DEVICE;
            case 0100000 -> FileType.FILE;
            default -> null;
        };
    }
}
