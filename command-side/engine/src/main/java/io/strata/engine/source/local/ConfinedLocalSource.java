package io.strata.engine.source.local;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a local directory and never anything outside it, even when what is inside changes during the
 * backup. Paths name files as usual (absolute), but below the directory each one is reached from the
 * directory's own open descriptor, one component at a time, none followed by the kernel if it is a
 * symbolic link ({@code openat} with {@code O_NOFOLLOW}, {@code fstatat} with {@code AT_SYMLINK_NOFOLLOW}).
 * A link on the way to a file is followed here only when its target, resolved the same way from the
 * directory, stays inside it. A directory replaced by a link to elsewhere between its listing and the
 * reading of its files therefore fails those files (recorded as unreadable, "leads through a symbolic
 * link") instead of reading where the link points. The last component of a path is never followed: a
 * link there is recorded as a link. This is what makes a directory that someone else can write into safe to back up with more
 * rights than theirs.
 *
 * <p>The directory itself and the directories above it are taken as they are when the source is made
 * (their owner controls them). Symbolic links are recorded as links, as by {@link LocalSource}. Two
 * reads still go by path, as java.nio has no descriptor-relative form of them, and give short strings,
 * never file contents: a link's target and the extended attributes of the {@code user.} namespace;
 * after each, the path must still name the entry reached from the directory (same device and inode),
 * or the entry fails as replaced.
 *
 * <p>Each thread keeps the last few directories it opened (descriptors stay bound to the directory
 * they opened, wherever it is moved or whatever replaces its name), so reading the files of one
 * directory opens it once per thread, not once per file. Needs the JDK's {@code sun.nio.fs} open to
 * this module (see {@link UnixStat}) for full metadata.
 */
public final class ConfinedLocalSource implements Source {
    private static final int DIRECTORIES_KEPT_PER_THREAD = 8;
    /** Links followed in a row on the way to one directory, as the kernel's limit (ELOOP beyond). */
    private static final int LINKS_FOLLOWED = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final LocalSource local = new LocalSource();
    private final Path root;
    private final String rootPath;
    /** The directory as the caller named it, when that differs from its real path: paths may use either. */
    private final String namedPath;
    private final SecureDirectoryStream<Path> rootDirectory;
    private final Set<SecureDirectoryStream<Path>> open = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Map<String, SecureDirectoryStream<Path>>> kept;
    private volatile boolean closed;

    /**
     * @param root the directory to confine reads to; resolved once, now
     * @throws IOException when it cannot be opened as a directory
     * @throws UnsupportedOperationException when this JVM cannot read directories by descriptor or does not
     *     give the full metadata (stat fields) that confined reading relies on
     */
    public ConfinedLocalSource(Path root) throws IOException {
        if (!UnixStat.AVAILABLE) {
            throw new UnsupportedOperationException("Confined local reading needs the JVM option"
                    + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED");
        }
        this.root = root.toRealPath();
        this.rootPath = FileNames.text(this.root);
        this.namedPath = FileNames.text(root.toAbsolutePath().normalize());
        DirectoryStream<Path> ds = Files.newDirectoryStream(this.root);
        if (!(ds instanceof SecureDirectoryStream<Path> secure)) {
            ds.close();
            throw new UnsupportedOperationException("This platform cannot read directories by descriptor");
        }
        this.rootDirectory = secure;
        this.kept = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecureDirectoryStream<Path>> eldest) {
                if (size() > DIRECTORIES_KEPT_PER_THREAD) {
                    release(eldest.getValue());
                    return true;
                }
                return false;
            }
        });
    }

    /** The real path of the directory reads are confined to. */
    public Path root() {
        return root;
    }

    @Override
    public FileMetadata stat(String path) throws IOException {
        String relative = relative(path);
        if (relative == null) {
            return local.stat(path); // the directory itself or one above it: as it is
        }
        Located at = locate(path, relative);
        return metadata(attributes(at.directory(), at.name()), path);
    }

    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        String relative = relative(directory);
        if (relative == null && !directory.equals(rootPath) && !directory.equals(namedPath)) {
            throw new IOException(directory + " lies outside " + rootPath);
        }
        try (SecureDirectoryStream<Path> listed = relative == null
                ? rootDirectory.newDirectoryStream(Path.of("."), NOFOLLOW)
                : opened(locate(directory, relative))) {
            List<SourceEntry> out = new ArrayList<>();
            Iterator<Path> it = listed.iterator();
            while (it.hasNext()) {
                Path name = it.next().getFileName();
                String text = FileNames.text(name);
                try {
                    out.add(new SourceEntry(text, metadata(attributes(listed, name), SourcePaths.join(directory, text))));
                } catch (NoSuchFileException vanished) {
                    // deleted between listing and stat: as if never listed
                }
            }
            return out;
        }
    }

    @Override
    public List<Xattr> xattrs(String path) throws IOException {
        String relative = relative(path);
        if (relative == null) {
            return local.xattrs(path);
        }
        Located at = locate(path, relative);
        PosixFileAttributes reached = attributes(at.directory(), at.name());
        List<Xattr> read = local.xattrs(path);
        requireSameEntry(path, reached, "its extended attributes");
        return read;
    }

    @Override
    public ReadableByteChannel open(String path) throws IOException {
        String relative = relative(path);
        if (relative == null) {
            throw new IOException(path + " is not a file inside " + rootPath);
        }
        Located at = locate(path, relative);
        try {
            return FileOpening.open(path,
                    () -> at.directory().newByteChannel(at.name(), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)),
                    () -> {
                        if (LocalSource.typeOf(UnixStat.mode(attributes(at.directory(), at.name()))) == FileType.FIFO) {
                            at.directory().newByteChannel(at.name(), Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                                    LinkOption.NOFOLLOW_LINKS)).close();
                        }
                    });
        } catch (NoSuchFileException e) {
            throw FileNames.notFoundAgain(path, e);
        }
    }

    @Override
    public String describe() {
        return "local:" + rootPath;
    }

    /** Closes every directory this source holds open; reads after this fail. */
    @Override
    public void close() throws IOException {
        closed = true;
        for (SecureDirectoryStream<Path> d : open) {
            release(d);
        }
        rootDirectory.close();
    }

    /**
     * The path below the root (named by its real path or as the caller named it), without a leading slash;
     * null for the root itself or a path not below it.
     */
    private String relative(String path) {
        String below = below(rootPath, path);
        return below != null ? below : below(namedPath, path);
    }

    private static String below(String directory, String path) {
        if (directory.equals("/")) {
            return path.length() > 1 && path.startsWith("/") ? path.substring(1) : null;
        }
        if (path.length() > directory.length() + 1 && path.startsWith(directory) && path.charAt(directory.length()) == '/') {
            return path.substring(directory.length() + 1);
        }
        return null;
    }

    /** An entry named {@code name} in an open directory. */
    private record Located(SecureDirectoryStream<Path> directory, Path name) {
    }

    private Located locate(String path, String relative) throws IOException {
        int slash = relative.lastIndexOf('/');
        String name = relative.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IOException(path + " is not a plain path below " + rootPath);
        }
        Path named = FileNames.path(name); // a name no bytes stand for fails that path alone
        return new Located(slash < 0 ? rootDirectory : directory(path, relative.substring(0, slash)), named);
    }

    /** Opens, anew, the directory an entry names (for listing: a directory stream iterates only once). */
    private SecureDirectoryStream<Path> opened(Located at) throws IOException {
        try {
            return at.directory().newDirectoryStream(at.name(), NOFOLLOW);
        } catch (FileSystemException e) {
            throw throughLink(e);
        }
    }

    /**
     * The open directory at {@code relative} (below the root), reached one component at a time. A component
     * that is a symbolic link is followed only when its target, resolved from the root, one component at a
     * time again, stays inside (a plan may name a path through a link such as {@code current ->
     * releases/5}); a link that would lead outside, or more than {@value #LINKS_FOLLOWED} links in a row,
     * fail the path.
     */
    private SecureDirectoryStream<Path> directory(String path, String relative) throws IOException {
        return directory(path, relative, LINKS_FOLLOWED);
    }

    private SecureDirectoryStream<Path> directory(String path, String relative, int linksLeft) throws IOException {
        if (closed) {
            throw new IOException("the source is closed");
        }
        if (relative.isEmpty()) {
            return rootDirectory;
        }
        Map<String, SecureDirectoryStream<Path>> mine = kept.get();
        SecureDirectoryStream<Path> d = mine.get(relative);
        if (d != null) {
            return d;
        }
        int slash = relative.lastIndexOf('/');
        String parentRelative = slash < 0 ? "" : relative.substring(0, slash);
        SecureDirectoryStream<Path> parent = directory(path, parentRelative, linksLeft);
        String name = relative.substring(slash + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IOException(path + " is not a plain path below " + rootPath);
        }
        Path named = FileNames.path(name);
        try {
            d = parent.newDirectoryStream(named, NOFOLLOW);
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException
                    || LocalSource.typeOf(UnixStat.mode(attributes(parent, named))) != FileType.SYMLINK) {
                throw throughLink(e);
            }
            // a link: its target, read by path (whatever it says is resolved inside again), is not cached
            // under this name, so the link is read afresh each time
            String target = FileNames.text(Files.readSymbolicLink(FileNames.path(rootPath + "/" + relative)));
            if (linksLeft == 0) {
                throw new FileSystemException(path, null, "too many symbolic links");
            }
            return directory(path, insideTarget(path, parentRelative, target), linksLeft - 1);
        }
        open.add(d);
        mine.put(relative, d);
        return d;
    }

    /** A link's target as a path below the root, or a failure when it leads outside. */
    private String insideTarget(String path, String linkDirectory, String target) throws IOException {
        String from;
        if (target.startsWith("/")) {
            String normal = FileNames.text(FileNames.path(target).normalize());
            if (normal.equals(rootPath) || normal.equals(namedPath)) {
                return "";
            }
            from = relative(normal);
            if (from == null) {
                throw new FileSystemException(path, null, "leads through a symbolic link to " + target
                        + ", outside " + rootPath + ", not followed");
            }
        } else {
            from = linkDirectory.isEmpty() ? target : linkDirectory + "/" + target;
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String part : from.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new FileSystemException(path, null, "leads through a symbolic link to " + target
                            + ", above " + rootPath + ", not followed");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    /** Metadata of an entry reached from its directory; a link's target, read by path, is checked to be its own. */
    private FileMetadata metadata(PosixFileAttributes reached, String path) throws IOException {
        // only a link's target is read by path: any other entry is listed even if this JVM cannot encode its name
        boolean link = LocalSource.typeOf(UnixStat.mode(reached)) == FileType.SYMLINK;
        FileMetadata m = local.metadata(reached, link ? FileNames.path(path) : null);
        if (m.symlinkTarget() != null) {
            requireSameEntry(path, reached, "the target of the link");
        }
        return m;
    }

    /** After a read by path: the path must still name the entry reached from the directory (device and inode). */
    private static void requireSameEntry(String path, PosixFileAttributes reached, String what) throws IOException {
        PosixFileAttributes byPath = Files.readAttributes(FileNames.path(path),
                PosixFileAttributes.class, NOFOLLOW);
        if (UnixStat.ino(byPath) != UnixStat.ino(reached) || UnixStat.dev(byPath) != UnixStat.dev(reached)) {
            throw new FileSystemException(path, null, "replaced while " + what + " was read");
        }
    }

    private PosixFileAttributes attributes(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        PosixFileAttributeView view = directory.getFileAttributeView(name, PosixFileAttributeView.class, NOFOLLOW);
        return view.readAttributes();
    }

    /**
     * Opening a directory without following links fails with ELOOP ("Too many levels of symbolic links")
     * when the name is a link, and ENOTDIR when it is some other non-directory: both say the same here.
     */
    private IOException throughLink(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return e;
        }
        return new FileSystemException(e.getFile(), null,
                "leads through a symbolic link or a non-directory, not followed (" + e.getReason() + ")");
    }

    private void release(SecureDirectoryStream<Path> d) {
        open.remove(d);
        try {
            d.close();
        } catch (IOException ignored) {
            // closing a directory descriptor fails only if it is already closed
        }
    }
}
