package io.strata.engine.output.local;

import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.LocalXattrs;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import io.strata.engine.output.OutputRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Restores under a root directory. Ownership is applied when running as root (otherwise kept as
 * the restoring user's, like tar); mode is applied after ownership because chown clears setuid.
 * Special files are created with {@code mkfifo} / {@code mknod}, which java.nio cannot do.
 */
public final class LocalOutput implements Output {
    /** The permissions a new file may be created with, by {@link #creationMode}. */
    private static final List<FileAttribute<Set<PosixFilePermission>>> CREATION_PERMISSIONS =
            IntStream.range(0, 01000).mapToObj(LocalOutput::permissions).toList();
    /** O_CREAT | O_EXCL | O_NOFOLLOW: fails on anything at the path, a dangling symlink included. */
    private static final Set<OpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    /**
     * What stands in the way of restoring into {@code target}: the target itself, or the nearest path above
     * it that exists, when that is not a directory (links followed, as writing follows them); empty when the
     * target is a directory or can be created. Callers refuse such a target before writing anything.
     */
    public static Optional<Path> notADirectoryOnTheWay(Path target) {
        Path existing = target;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent(); // created below its nearest existing parent
        }
        return existing != null && !Files.isDirectory(existing) ? Optional.of(existing) : Optional.empty();
    }

    /** Names of temporary files: unguessable, so nothing can be put in their place beforehand. */
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path root;
    private final boolean chown;
    private final AtomicLong ownersNotApplied = new AtomicLong();
    private final AtomicLong xattrsNotApplied = new AtomicLong();

    /** The directory's descendants, when they are reached without following links; null when by name. */
    private final ConfinedPaths confined;

    /** Restores under {@code root}, reaching each path by its name (for a target only the restoring user writes to). */
    public LocalOutput(Path root) {
        this(root.toAbsolutePath(), null);
    }

    private LocalOutput(Path root, ConfinedPaths confined) {
        this(root, confined, "root".equals(System.getProperty("user.name")));
    }

    /** {@code chown}: whether owners are changed, which only root may (tests give false to restore as another user). */
    LocalOutput(Path root, ConfinedPaths confined, boolean chown) {
        this.root = root;
        this.confined = confined;
        this.chown = chown;
    }

    /**
     * Restores under {@code root} (its real path, taken now) and nowhere else, even if directories below it are
     * replaced by symbolic links while the restore runs: each path is reached from the root's descriptor without
     * following links ({@link ConfinedPaths}), and a path that leads through a link fails. For a target that
     * others can write into during the restore (a LOCAL server's directory on the platform's host).
     *
     * @throws UnsupportedOperationException when this JVM cannot reach paths that way
     */
    public static LocalOutput confined(Path root) throws IOException {
        ConfinedPaths confined = new ConfinedPaths(root);
        return new LocalOutput(confined.root(), confined);
    }

    /** A path of the restore, held (see {@link ConfinedPaths.Resolved}) until closed. */
    private ConfinedPaths.Resolved resolve(String path) throws IOException {
        String rel = relative(path);
        if (rel.isEmpty()) {
            return named(root);
        }
        if (confined == null) {
            return named(root.resolve(FileNames.path(rel))); // a name no bytes stand for fails alone, as Output asks
        }
        int slash = rel.lastIndexOf('/');
        return confined.resolve(slash < 0 ? "" : rel.substring(0, slash), rel.substring(slash + 1));
    }

    private static ConfinedPaths.Resolved named(Path p) {
        return new ConfinedPaths.Resolved() {
            @Override
            public Path path() {
                return p;
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * An error as callers see it: a full or read-only target as {@link OutputRefusedException} (every later write
     * would fail alike); an error of the confined mode, which names a descriptor's path
     * ({@code /proc/<pid>/fd/<fd>/name}), with the path in the target instead, as the by-name mode tells it.
     */
    private IOException told(IOException e, String path) {
        if (e instanceof OutputRefusedException) {
            return e;
        }
        OutputRefusedException refused = OutputRefusedException.of(e, root + " (at " + path + ")");
        if (refused != null) {
            return refused;
        }
        if (confined == null || !(e instanceof FileSystemException f) || f.getFile() == null
                || !f.getFile().startsWith("/proc/")) {
            return e;
        }
        FileSystemException named = new FileSystemException(root + "/" + relative(path), null, f.getReason());
        named.initCause(e);
        return named;
    }

    /** {@code path} below the root, as {@code /}-separated names without empty ones and {@code .}; "" for the root. */
    private static String relative(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        String rel = path.substring(start);
        if (!rel.equals(".") && !rel.contains("..") && !rel.contains("//") && !rel.contains("/./") && !rel.startsWith("./")
                && !rel.endsWith("/.") && !rel.endsWith("/")) {
            return rel; // the common case: already clean
        }
        StringBuilder clean = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new IllegalArgumentException("'..' in restore path: " + path);
            }
            clean.append(clean.isEmpty() ? "" : "/").append(c);
        }
        return clean.toString();
    }

    /** Something done at a path of the restore. */
    private interface PathAction {
        void at(Path p) throws IOException;
    }

    /** Does {@code action} at {@code path}, held while it runs; its errors name the path in the target. */
    private void at(String path, PathAction action) throws IOException {
        try (ConfinedPaths.Resolved r = resolve(path)) {
            action.at(r.path());
        } catch (IOException e) {
            throw told(e, path);
        }
    }

    @Override
    public void createDirectory(String path) throws IOException {
        at(path, this::createDirectory);
    }

    private void createDirectory(Path p) throws IOException {
        try {
            Files.createDirectory(p); // one mkdir in the common case (a fresh target)
        } catch (FileAlreadyExistsException exists) {
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(p);
                Files.createDirectory(p);
            }
        } catch (NoSuchFileException noParent) {
            if (confined != null) {
                throw noParent; // the restorer creates parents first; a missing one was taken away meanwhile
            }
            Files.createDirectories(p);
        }
    }

    /**
     * The permissions a restored file is created with, from the mode it ends with: read and write for the owner
     * (the restoring user, who may write it; root ignores them) plus the owner's own bits, and for group and others
     * only what the final mode grants to all three classes. Nobody can read or write the file while it is being
     * restored who could not once its metadata is applied, whoever ends up owning it and whichever group it is in
     * meanwhile; for the usual modes (0644, 0755, 0600) this is the final mode, so {@link #applyMetadata} finds it in
     * place and skips the chmod, three system calls per file. The umask may take bits away; the chmod then
     * restores them. Setuid, setgid and sticky come only with that chmod, after ownership.
     */
    static int creationMode(int finalMode) {
        int owner = (finalMode >>> 6) & 07;
        int everyone = owner & (finalMode >>> 3) & finalMode & 07;
        return (owner | 06) << 6 | everyone << 3 | everyone;
    }

    private static FileAttribute<Set<PosixFilePermission>> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE: 0400 ... 01
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >>> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return PosixFilePermissions.asFileAttribute(set);
    }

    /**
     * Writes straight to the path when nothing is there (created with O_EXCL, mode {@link #creationMode}): the
     * common case of a fresh target costs no more than a plain create. When something is there, writes into a new
     * temporary file ({@value #TEMPORARY_PREFIX}…) beside it, and commit renames that over it (rename(2): atomic, and never
     * writing into the inode of what was there, so its other hard links keep their content). A file closed
     * uncommitted is deleted. A crash can leave a temporary file, or a partial file where nothing was before.
     */
    @Override
    public OutputFile createFile(String path, FileMetadata meta) throws IOException {
        ConfinedPaths.Resolved r = resolve(path); // held by the file until it is closed
        Path p = r.path();
        FileAttribute<Set<PosixFilePermission>> permissions = CREATION_PERMISSIONS.get(creationMode(meta.mode()));
        try {
            try {
                return new LocalOutputFile(FileChannel.open(p, NEW_FILE, permissions), p, null, r, path);
            } catch (FileAlreadyExistsException occupied) {
                for (int attempt = 1; ; attempt++) { // opened as created (O_EXCL): one system call, not create-close-open
                    Path temporary = p.resolveSibling(TEMPORARY_PREFIX + Long.toUnsignedString(RANDOM.nextLong(), 36));
                    try {
                        return new LocalOutputFile(FileChannel.open(temporary, NEW_FILE, permissions), temporary, p, r, path);
                    } catch (FileAlreadyExistsException taken) {
                        if (attempt == 10) {
                            throw taken;
                        }
                    }
                }
            }
        } catch (IOException e) {
            r.close();
            throw told(e, path);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /** A file being restored at {@code written}; renamed to {@code replacing} on commit when that is set. */
    private final class LocalOutputFile implements OutputFile {
        private final FileChannel channel;
        private final Path written;
        private final Path replacing;
        private final ConfinedPaths.Resolved held;
        /** The file's path in the restore, for errors. */
        private final String path;
        /** Bytes the file has: it was created empty, so the end of the furthest write. */
        private long end;
        private boolean committed;

        LocalOutputFile(FileChannel channel, Path written, Path replacing, ConfinedPaths.Resolved held, String path) {
            this.channel = channel;
            this.written = written;
            this.replacing = replacing;
            this.held = held;
            this.path = path;
        }

        @Override
        public void write(long offset, byte[] data, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(data, off, len);
            long pos = offset;
            try {
                while (b.hasRemaining()) {
                    pos += channel.write(b, pos);
                }
            } catch (IOException e) {
                throw told(e, path);
            }
            end = Math.max(end, pos);
        }

        @Override
        public void finish(long size) throws IOException {
            try {
                if (end < size) {
                    // a trailing hole: one zero byte written at its end grows the file through the descriptor it was
                    // created with (reopening the path could follow a link put there meanwhile), allocating one block
                    channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
                    end = size;
                } else if (end > size) {
                    channel.truncate(size);
                }
            } catch (IOException e) {
                throw told(e, path);
            }
        }

        @Override
        public void commit() throws IOException {
            try {
                replace();
            } catch (IOException e) {
                throw told(e, path);
            }
            committed = true;
        }

        private void replace() throws IOException {
            if (replacing != null) {
                try {
                    Files.move(written, replacing, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileSystemException inTheWay) {
                    // a directory of that name: replaced when empty (rename(2) cannot put a file over one)
                    if (!Files.isDirectory(replacing, LinkOption.NOFOLLOW_LINKS)) {
                        throw inTheWay;
                    }
                    Files.delete(replacing);
                    Files.move(written, replacing, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                try {
                    if (!committed) {
                        Files.deleteIfExists(written);
                    }
                } finally {
                    held.close();
                }
            }
        }
    }

    @Override
    public void createSymlink(String path, String target) throws IOException {
        at(path, p -> {
            Files.deleteIfExists(p);
            Files.createSymbolicLink(p, FileNames.path(p.getFileSystem(), target));
        });
    }

    @Override
    public void createHardLink(String path, String existingPath) throws IOException {
        at(path, p -> {
            try (ConfinedPaths.Resolved existing = resolve(existingPath)) {
                Files.deleteIfExists(p);
                Files.createLink(p, existing.path()); // link(2) takes a link at the existing path as it is
            }
        });
    }

    @Override
    public void createSpecial(String path, FileMetadata meta) throws IOException {
        at(path, p -> {
            Files.deleteIfExists(p);
            int type = switch (meta.type()) {
                case FIFO -> 0010000;
                case CHAR_DEVICE -> 0020000;
                case BLOCK_DEVICE -> 0060000;
                default -> throw new IOException("cannot create a " + meta.type() + " at " + path);
            };
            if (NoFollowCalls.makeNode(p, type | (meta.mode() & 0777), meta.type() == FileType.FIFO ? 0 : meta.rdev())) {
                return;
            }
            String mode = Integer.toOctalString(meta.mode() & 0777);
            ProcessBuilder pb = switch (meta.type()) {
                case FIFO -> new ProcessBuilder("mkfifo", "-m", mode, FileNames.argument(p, path));
                case CHAR_DEVICE, BLOCK_DEVICE -> new ProcessBuilder("mknod", "-m", mode, FileNames.argument(p, path),
                        meta.type() == FileType.CHAR_DEVICE ? "c" : "b", Long.toString(DeviceNumbers.major(meta.rdev())),
                        Long.toString(DeviceNumbers.minor(meta.rdev())));
                default -> throw new IOException("cannot create a " + meta.type() + " at " + path);
            };
            run(pb, path);
        });
    }

    private static void run(ProcessBuilder pb, String path) throws IOException {
        pb.redirectErrorStream(true);
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes());
        try {
            if (proc.waitFor() != 0) {
                throw new IOException(String.join(" ", pb.command().subList(0, 1)) + " failed for " + path + ": " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted at " + path);
        }
    }

    @Override
    public void applyMetadata(String path, FileMetadata meta) throws IOException {
        at(path, p -> applyMetadata(p, path, meta));
    }

    private void applyMetadata(Path p, String path, FileMetadata meta) throws IOException {
        // one lstat first: java.nio changes each attribute through open()+f*()+close(), so attributes
        // that already have the wanted value (the common case: root restoring root's 0644 files) are skipped
        java.util.Map<String, Object> now = Files.readAttributes(p, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        boolean ownerChanged = false;
        if ((Integer) now.get("uid") != meta.uid() || (Integer) now.get("gid") != meta.gid()) {
            if (chown) {
                try {
                    Files.setAttribute(p, "unix:uid", meta.uid(), LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(p, "unix:gid", meta.gid(), LinkOption.NOFOLLOW_LINKS);
                    ownerChanged = true;
                } catch (FileSystemException | UnsupportedOperationException e) {
                    // ownership is best effort: not every file system or user may change it
                }
            }
            if (!ownerChanged) {
                ownersNotApplied.incrementAndGet();
            }
        }
        if (meta.type().isSpecial()) {
            // java.nio changes mode and times through open(), which blocks on a FIFO: the path calls do not open
            // it, and without them chmod(1) and touch(1) use chmod(2) and utimensat(2) on the path
            if (!NoFollowCalls.setMode(p, meta.mode())) {
                run(new ProcessBuilder("chmod", Integer.toOctalString(meta.mode() & 07777), FileNames.argument(p, path)),
                        path);
            }
            applyXattrs(p, meta);
            if (!NoFollowCalls.setTimes(p, meta.atimeNanos(), meta.mtimeNanos())) {
                long sec = Math.floorDiv(meta.mtimeNanos(), 1_000_000_000L);
                long nanos = Math.floorMod(meta.mtimeNanos(), 1_000_000_000L);
                run(new ProcessBuilder("touch", "-h", "-d", String.format("@%d.%09d", sec, nanos),
                        FileNames.argument(p, path)), path);
            }
            return;
        }
        if (meta.type() != FileType.SYMLINK) {
            if ((ownerChanged || ((Integer) now.get("mode") & 07777) != (meta.mode() & 07777))
                    && !NoFollowCalls.setMode(p, meta.mode())) { // never through a link put at the path meanwhile
                Files.setAttribute(p, "unix:mode", meta.mode() & 07777, LinkOption.NOFOLLOW_LINKS);
            }
        }
        applyXattrs(p, meta);
        if (NoFollowCalls.setTimes(p, meta.atimeNanos(), meta.mtimeNanos())) {
            return;
        }
        FileTime mtime = FileTime.from(meta.mtimeNanos(), TimeUnit.NANOSECONDS);
        Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, FileTime.from(meta.atimeNanos(), TimeUnit.NANOSECONDS), null);
    }

    @Override
    public long ownersNotApplied() {
        return ownersNotApplied.get();
    }

    @Override
    public long xattrsNotApplied() {
        return xattrsNotApplied.get();
    }

    /**
     * Sets the extended attributes, after the owner (whose change drops {@code security.capability}) and the mode,
     * before the times; counts the entry when one was refused ({@link #writeXattrs}).
     */
    private void applyXattrs(Path p, FileMetadata meta) throws IOException {
        if (!meta.xattrs().isEmpty() && !writeXattrs(p, meta)) {
            xattrsNotApplied.incrementAndGet();
        }
    }

    /**
     * Every namespace, on any type of entry, through {@link LocalXattrs}; else {@code user.*} of files and directories
     * through java.nio, which opens them (a FIFO would block). False when one was refused or left out.
     */
    private static boolean writeXattrs(Path p, FileMetadata meta) throws IOException {
        boolean all = true;
        if (LocalXattrs.AVAILABLE) {
            for (Xattr x : meta.xattrs()) {
                all &= LocalXattrs.write(p, x);
            }
            return all;
        }
        if (meta.type() != FileType.FILE && meta.type() != FileType.DIRECTORY) {
            return false;
        }
        List<Xattr> xattrs = meta.xattrs();
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        for (Xattr x : xattrs) {
            try {
                if (!x.name().startsWith("user.")) {
                    all = false;
                    continue;
                }
                v.write(x.name().substring(5), ByteBuffer.wrap(x.value()));
            } catch (FileSystemException | UnsupportedOperationException e) {
                all = false;
            }
        }
        return all;
    }

    @Override
    public String describe() {
        return "local:" + root;
    }

    @Override
    public void close() {
        if (confined != null) {
            confined.close();
        }
    }
}
