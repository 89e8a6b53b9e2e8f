package io.strata.engine.output.local;

import io.strata.engine.metadata.FileNames;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Paths that the kernel resolves inside a target directory only, whatever is done to the directories below it
 * meanwhile. An entry {@code a/b/name} of the target is named {@code /proc/<pid>/fd/<fd>/name}, where {@code fd}
 * is this process's descriptor of directory {@code a/b}, opened from the target's own descriptor one component at
 * a time without following symbolic links ({@code openat} with {@code O_NOFOLLOW}): the kernel takes the
 * descriptor's directory for that prefix, so only the last component is looked up by name, and every operation
 * {@link LocalOutput} performs on it leaves a link there unfollowed. A directory on the way that was replaced by
 * a link fails the path ("… on the way is a symbolic link") instead of leading elsewhere. The names work for child
 * processes too ({@code mkfifo}, {@code mknod}), as they name this process.
 *
 * <p>A name stays valid while its directory's descriptor is open: {@link #resolve} hands out a {@link Resolved}
 * that keeps it open until released. Each thread keeps the last {@value #KEPT_PER_THREAD} directories it opened;
 * one pushed out is closed once nothing holds it. The target directory itself is taken as it is when this is
 * made (its owner controls it). Needs the JDK's {@code sun.nio.fs} open to this module, for the descriptor.
 */
final class ConfinedPaths implements AutoCloseable {
    private static final int KEPT_PER_THREAD = 32;
    private static final VarHandle DFD;

    static {
        VarHandle h;
        try {
            Class<?> c = Class.forName("sun.nio.fs.UnixSecureDirectoryStream");
            h = MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findVarHandle(c, "dfd", int.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            h = null;
        }
        DFD = h;
    }

    /** A path handed out by {@link #resolve}, usable until {@link #close}d. */
    interface Resolved extends AutoCloseable {
        Path path();

        @Override
        void close();
    }

    /** An open directory of the target, closed once pushed out of its thread's cache and no longer held. */
    private final class Directory {
        final SecureDirectoryStream<Path> stream;
        final String procPath;
        final AtomicInteger holders = new AtomicInteger();
        volatile boolean retired;

        Directory(SecureDirectoryStream<Path> stream, String procPath) {
            this.stream = stream;
            this.procPath = procPath;
        }

        Resolved hold(String name) throws FileSystemException {
            Path path = FileNames.path(procPath + "/" + name); // a name no bytes stand for fails that path alone
            holders.incrementAndGet();
            return new Resolved() {
                private boolean released;

                @Override
                public Path path() {
                    return path;
                }

                @Override
                public void close() {
                    if (!released) {
                        released = true;
                        if (holders.decrementAndGet() == 0 && retired) {
                            release();
                        }
                    }
                }
            };
        }

        void retire() {
            retired = true;
            if (holders.get() == 0) {
                release();
            }
        }

        private void release() {
            opened.remove(this);
            closeQuietly(stream);
        }
    }

    private final Path root;
    private final Directory rootDirectory;
    private final String procFds = "/proc/" + ProcessHandle.current().pid() + "/fd/";
    private final Set<Directory> opened = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<Map<String, Directory>> kept = ThreadLocal.withInitial(() -> new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Directory> eldest) {
            if (size() > KEPT_PER_THREAD) {
                eldest.getValue().retire();
                return true;
            }
            return false;
        }
    });

    /**
     * @param root the directory to confine to (its real path is taken now)
     * @throws UnsupportedOperationException when this JVM cannot give directories' descriptors
     */
    ConfinedPaths(Path root) throws IOException {
        if (DFD == null || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            throw new UnsupportedOperationException("Confined restores need Linux's /proc and the JVM option"
                    + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED");
        }
        this.root = root.toRealPath();
        this.rootDirectory = directory(Files.newDirectoryStream(this.root));
    }

    Path root() {
        return root;
    }

    /**
     * The path of entry {@code name} of directory {@code parent} ({@code /}-separated components below the root,
     * empty for the root itself), reached from the root without following links.
     *
     * @throws IOException when a directory on the way is missing, is not a directory or is a symbolic link
     */
    Resolved resolve(String parent, String name) throws IOException {
        Map<String, Directory> mine = kept.get();
        Directory dir = parent.isEmpty() ? rootDirectory : mine.get(parent);
        if (dir == null) {
            Directory at = rootDirectory;
            String rest = parent;
            for (int slash = parent.lastIndexOf('/'); slash > 0; slash = parent.lastIndexOf('/', slash - 1)) {
                Directory above = mine.get(parent.substring(0, slash)); // walk on from the nearest one kept
                if (above != null) {
                    at = above;
                    rest = parent.substring(slash + 1);
                    break;
                }
            }
            Directory start = at;
            for (String component : rest.split("/")) {
                SecureDirectoryStream<Path> next;
                try {
                    next = at.stream.newDirectoryStream(FileNames.path(component), LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    throw new NoSuchFileException(root + "/" + parent, null,
                            "'" + component + "' on the way is missing");
                } catch (FileSystemException e) {
                    throw new FileSystemException(root + "/" + parent, null, "'" + component
                            + "' on the way is a symbolic link or not a directory"
                            + (e.getReason() == null ? "" : " (" + e.getReason() + ")"));
                } finally {
                    if (at != start) {
                        at.retire(); // directories on the way are not kept: only the one asked for
                    }
                }
                at = directory(next);
            }
            dir = at;
            mine.put(parent, dir);
        }
        return dir.hold(name);
    }

    private Directory directory(DirectoryStream<Path> ds) throws IOException {
        if (!(ds instanceof SecureDirectoryStream<Path> secure)) {
            ds.close();
            throw new UnsupportedOperationException("This platform cannot open directories by descriptor");
        }
        Directory d = new Directory(secure, procFds + (int) DFD.get(secure));
        opened.add(d);
        return d;
    }

    private static void closeQuietly(SecureDirectoryStream<Path> stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // a directory stream's close only releases descriptors
        }
    }

    /** Closes every directory still open; paths handed out stop working. */
    @Override
    public void close() {
        for (Directory d : opened) {
            closeQuietly(d.stream);
        }
        opened.clear();
    }
}
