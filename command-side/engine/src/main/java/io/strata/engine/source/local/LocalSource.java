package io.strata.engine.source.local;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.LocalXattrs;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads the local file system. Owner and group names are resolved once per id and cached.
 * Extended attributes are those of the {@code user.} namespace (what java.nio exposes).
 */
public final class LocalSource implements Source {
    private static final String ATTRS = "unix:mode,ino,dev,rdev,nlink,uid,gid,size,lastModifiedTime,lastAccessTime,ctime";
    private final FileSystem fs = FileSystems.getDefault();
    private final Map<Integer, String> users = new ConcurrentHashMap<>();
    private final Map<Integer, String> groups = new ConcurrentHashMap<>();

    /** A name this JVM cannot encode fails for that path alone, as a file that cannot be read ({@link FileNames}). */
    private Path path(String p) throws FileSystemException {
        return FileNames.path(fs, p);
    }

    @Override
    public FileMetadata stat(String p) throws IOException {
        return read(path(p));
    }

    private FileMetadata read(Path p) throws IOException {
        if (UnixStat.AVAILABLE) {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return metadata(a, p);
        }
        Map<String, Object> a = Files.readAttributes(p, ATTRS, LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = typeOf(mode);
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        String target = type == FileType.SYMLINK ? FileNames.text(Files.readSymbolicLink(p)) : null;
        long size = type == FileType.FILE || type == FileType.SYMLINK ? (Long) a.get("size") : 0;
        return new FileMetadata(type, mode & 07777, uid, gid,
                userName(uid, () -> Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName()),
                groupName(gid, () -> Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                        .group().getName()), size,
                nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("lastAccessTime")),
                nanos((FileTime) a.get("ctime")), (Long) a.get("ino"), (Long) a.get("dev"), (Integer) a.get("nlink"),
                type.isDevice() ? (Long) a.get("rdev") : 0, target,
                List.of());
    }

    /**
     * Metadata from attributes read with {@link UnixStat} available; {@code p} is read only for a symlink's
     * target (and may be null for anything else).
     */
    FileMetadata metadata(PosixFileAttributes a, Path p) throws IOException {
        int mode = UnixStat.mode(a);
        FileType type = typeOf(mode);
        int uid = UnixStat.uid(a);
        int gid = UnixStat.gid(a);
        String target = type == FileType.SYMLINK ? FileNames.text(Files.readSymbolicLink(p)) : null;
        long size = type == FileType.FILE || type == FileType.SYMLINK ? UnixStat.size(a) : 0;
        return new FileMetadata(type, mode & 07777, uid, gid, userName(uid, () -> a.owner().getName()),
                groupName(gid, () -> a.group().getName()), size, UnixStat.mtimeNanos(a), UnixStat.atimeNanos(a),
                UnixStat.ctimeNanos(a), UnixStat.ino(a), UnixStat.dev(a), UnixStat.nlink(a),
                type.isDevice() ? UnixStat.rdev(a) : 0, target,
                List.of());
    }

    /** The file type of a {@code st_mode}. */
    static FileType typeOf(int mode) {
        return switch (mode & 0170000) {
            case 0040000 -> FileType.DIRECTORY;
            case 0120000 -> FileType.SYMLINK;
            case 0010000 -> FileType.FIFO;
            case 0140000 -> FileType.SOCKET;
            case 0020000 -> FileType.CHAR_DEVICE;
            case 0060000 -> FileType.BLOCK_DEVICE;
            default -> FileType.FILE;
        };
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    /** An owner or group name lookup, which may fail or be unsupported. */
    private interface NameLookup {
        String name() throws IOException;
    }

    private String userName(int uid, NameLookup lookup) {
        return cachedName(users, uid, lookup);
    }

    private String groupName(int gid, NameLookup lookup) {
        return cachedName(groups, gid, lookup);
    }

    /** The name of an id, looked up once per id; null when it has none (the id itself stands in). */
    private static String cachedName(Map<Integer, String> cache, int id, NameLookup lookup) {
        String n = cache.get(id);
        if (n == null) {
            try {
                n = lookup.name();
            } catch (IOException | UnsupportedOperationException e) {
                n = "";
            }
            cache.put(id, n);
        }
        return n.isEmpty() || n.equals(Integer.toString(id)) ? null : n;
    }

    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        List<SourceEntry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path(directory))) {
            for (Path p : ds) {
                try {
                    out.add(new SourceEntry(FileNames.name(p), read(p)));
                } catch (NoSuchFileException vanished) {
                    // deleted between listing and stat: as if never listed
                }
            }
        }
        return out;
    }

    /**
     * Every namespace the process may read, of any type of entry, never following a symlink nor opening the entry
     * ({@link LocalXattrs}); where the JVM cannot make those calls, {@code user.*} of files and directories alone,
     * through java.nio, which opens them.
     */
    @Override
    public List<Xattr> xattrs(String p) throws IOException {
        if (LocalXattrs.AVAILABLE) {
            return LocalXattrs.read(path(p));
        }
        BasicFileAttributes type = Files.readAttributes(path(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!type.isRegularFile() && !type.isDirectory()) {
            return List.of(); // opening a FIFO to list them would block
        }
        UserDefinedFileAttributeView v = Files.getFileAttributeView(path(p), UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (v == null) {
            return List.of();
        }
        List<String> names;
        try {
            names = v.list();
        } catch (FileSystemException | UnsupportedOperationException e) {
            return List.of(); // symlinks (ELOOP), file systems without user xattrs
        }
        if (names.isEmpty()) {
            return List.of();
        }
        List<Xattr> out = new ArrayList<>(names.size());
        for (String n : names) {
            ByteBuffer b = ByteBuffer.allocate(v.size(n));
            v.read(n, b);
            out.add(new Xattr("user." + n, java.util.Arrays.copyOf(b.array(), b.position())));
        }
        out.sort(Comparator.comparing(Xattr::name));
        return out;
    }

    /** Opens a file listed as regular; one replaced by a FIFO since fails instead of blocking (see {@link FileOpening}). */
    @Override
    public ReadableByteChannel open(String p) throws IOException {
        Path file = path(p);
        try {
            return FileOpening.open(p, () -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), () -> {
                if (read(file).type() == FileType.FIFO) {
                    FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
                }
            });
        } catch (NoSuchFileException e) {
            throw FileNames.notFoundAgain(p, e);
        }
    }

    @Override
    public String describe() {
        return "local";
    }
}
