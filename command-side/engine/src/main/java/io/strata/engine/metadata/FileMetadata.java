package io.strata.engine.metadata;

import java.util.List;

/**
 * Metadata of one directory entry as a source reports it.
 *
 * @param mode permission bits including setuid (04000), setgid (02000) and sticky (01000), no type bits
 * @param user owner name, or null when unknown
 * @param group group name, or null when unknown
 * @param size bytes for files, link target length for symlinks, 0 otherwise
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param ctimeNanos status change time, nanoseconds since the epoch, 0 when the source has none
 * @param inode inode number, 0 when the source has none
 * @param device device of the file system holding the entry, 0 when unknown
 * @param links hard link count, 1 when unknown
 * @param rdev device number of character and block devices
 * @param symlinkTarget target of a symlink, null otherwise
 * @param xattrs extended attributes, sorted by name; empty when none or unsupported
 */
public record FileMetadata(
        FileType type,
        int mode,
        int uid,
        int gid,
        String user,
        String group,
        long size,
        long mtimeNanos,
        long atimeNanos,
        long ctimeNanos,
        long inode,
        long device,
        int links,
        long rdev,
        String symlinkTarget,
        List<Xattr> xattrs) {

    public FileMetadata {
        xattrs = xattrs == null ? List.of() : List.copyOf(xattrs);
    }

    public boolean isHardLinked() {
        return type == FileType.FILE && links > 1 && inode != 0;
    }

    public FileMetadata withSize(long newSize) {
        return new FileMetadata(type, mode, uid, gid, user, group, newSize, mtimeNanos, atimeNanos, ctimeNanos,
                inode, device, links, rdev, symlinkTarget, xattrs);
    }

    public FileMetadata withRdev(long newRdev) {
        return new FileMetadata(type, mode, uid, gid, user, group, size, mtimeNanos, atimeNanos, ctimeNanos,
                inode, device, links, newRdev, symlinkTarget, xattrs);
    }

    /** The same metadata with these extended attributes (sorted by name) instead of its own. */
    public FileMetadata withXattrs(List<Xattr> newXattrs) {
        return new FileMetadata(type, mode, uid, gid, user, group, size, mtimeNanos, atimeNanos, ctimeNanos,
                inode, device, links, rdev, symlinkTarget, newXattrs);
    }

    public FileMetadata withOwnerNames(String newUser, String newGroup) {
        return new FileMetadata(type, mode, uid, gid, newUser, newGroup, size, mtimeNanos, atimeNanos, ctimeNanos,
                inode, device, links, rdev, symlinkTarget, xattrs);
    }
}
