package io.strata.command.ssh;

import io.strata.engine.metadata.Xattr;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lists directories of a server in batches through its GNU {@code find} ({@link FindLoop}), on up to
 * {@value #MAX_LOOPS} loops of one connection (a login each), started when first needed.
 *
 * <p>Whether the server can: unknown until the first batch, which is listed on the only loop; a first
 * batch that fails in any way (no exec, no GNU find, {@code head -z} or {@code xargs -0}, an error from
 * find) makes this source list over SFTP for the rest of its life, as does a loop that breaks three times.
 * Later batches that find reports an error in are listed again over SFTP by the caller, batch by batch.
 *
 * <p>Extended attributes come with each batch, from one request to the server's perl ({@link XattrLoop}: one more
 * login, made when first needed, for the life of the source), while the server can list them (it has perl for a known
 * architecture); a server that cannot gets listings without them, as over SFTP. The perl loop takes the place of
 * the second find loop, so that the source's channels stay as many as before (a server allows 10 per connection by
 * default, which the SFTP channels, the tar streams and these fill): batches then share one find loop, which lists
 * far faster than the archiver reads.
 *
 * <p>Owner and group names are looked up once per id through the loops ({@link FindLoop#names}) and kept for the
 * life of the source; a server whose {@code getent} cannot be used gets loops whose find prints the names
 * itself (one lookup per entry, as before) from then on, and the batch that found out is listed again on one.
 */
final class RemoteFind implements AutoCloseable {
    /**
     * Directories per batch: one find run (two or four processes on the server, see {@link FindLoop#command}) for up
     * to 128 directories. Listing the Linux tree's 5,096 on a machine where a process costs 5-9 ms to start took
     * 2.96-3.67 s on one listing thread with 128 or 256, 4.06-4.45 s with 64.
     */
    static final int BATCH = 128;
    static final int MAX_LOOPS = 2;
    private static final int MAX_BREAKS = 3;

    private enum State { UNKNOWN, WORKS, UNUSABLE }

    private final ExecSessions sessions;
    private final Duration timeout;
    private final String where;
    /** The commands loops run besides find. */
    private final Tools tools;
    /** Names by id, "" for an id without one. */
    private final Map<Integer, String> userNames = new ConcurrentHashMap<>();
    private final Map<Integer, String> groupNames = new ConcurrentHashMap<>();
    /** Files listed so far that are mostly holes ({@link FindLoop#mostlyHoles}), by absolute path. */
    private final Set<String> mostlyHoles = ConcurrentHashMap.newKeySet();
    /** Directories whose entries' extended attributes came with their listing. */
    private final Set<String> xattrsListed = ConcurrentHashMap.newKeySet();
    /** Cleared once the server was found unable to list extended attributes (no perl, say). */
    private volatile boolean xattrsReadable = true;
    /** Lists extended attributes, started when first needed; guarded by {@link #xattrLock}. */
    private XattrLoop xattrLoop;
    /** Apart from this object's monitor, which find loops' takers wait on: a perl request must not hold them up. */
    private final Object xattrLock = new Object();
    /** Set once getent was found unusable: loops started from then on have find print names. */
    private volatile boolean namesFromFind;
    private final Deque<FindLoop> idle = new ArrayDeque<>(); // guarded by this
    private int loops; // guarded by this: started and not closed, idle or in use
    private int breaks; // guarded by this
    private boolean closed; // guarded by this
    private volatile State state = State.UNKNOWN;
    private final AtomicInteger loopsStarted = new AtomicInteger();

    RemoteFind(ExecSessions sessions, Duration timeout, String where) {
        this(sessions, timeout, where, Tools.SERVERS);
    }

    /** @param tools the commands the loops run besides find (others only in tests) */
    RemoteFind(ExecSessions sessions, Duration timeout, String where, Tools tools) {
        this.sessions = sessions;
        this.timeout = timeout;
        this.where = where;
        this.tools = tools;
    }

    /**
     * The commands the source runs besides find's listings: {@code getent} to look names up (in the find loops),
     * {@code perl} to list extended attributes ({@link XattrLoop}), and the test of whether find reads the directories
     * to list from its input ({@link FindLoop#command}); {@link #SERVERS}, others only in tests, for a server without
     * them.
     */
    record Tools(String getent, String perl, String findReadsDirectories) {
        /** find's {@code -files0-from} (GNU findutils 4.9 and later) is tried on no directory at all. */
        static final Tools SERVERS = new Tools("getent", "perl", "find -files0-from /dev/null -maxdepth 0");
    }

    /** Whether find listed {@code path} as a file that is mostly holes ({@link FindLoop#mostlyHoles}). */
    boolean mostlyHoles(String path) {
        return mostlyHoles.contains(path);
    }

    /**
     * Whether the entries of {@code directory} were listed with their extended attributes (those without any were
     * listed without), so none need asking for.
     */
    boolean xattrsListed(String directory) {
        return xattrsListed.contains(directory);
    }

    /**
     * The extended attributes of the entry at {@code path}, asked for on their own (for an entry no listing of this
     * source carried, such as a backup's root); empty when it has none or the server cannot list them.
     */
    List<Xattr> xattrs(String path) {
        Map<String, List<Xattr>> found = askXattrs(List.of(path), false);
        return found == null ? List.of() : found.getOrDefault(path, List.of());
    }

    /**
     * Gives the entries listed in {@code directories} their extended attributes, in place, asked for in one request
     * for them all; a server that cannot list them (no perl) lists none from then on, and the entries go without, as
     * over SFTP.
     */
    void addXattrs(List<String> directories, List<List<SourceEntry>> listings) {
        Map<String, List<Xattr>> found = askXattrs(directories, true);
        if (found == null) {
            return;
        }
        for (int i = 0; i < listings.size(); i++) {
            List<SourceEntry> entries = listings.get(i);
            if (entries == null) {
                continue;
            }
            String directory = directories.get(i);
            if (!found.isEmpty()) {
                entries.replaceAll(e -> {
                    List<Xattr> x = found.get(SourcePaths.join(directory, e.name()));
                    return x == null ? e : new SourceEntry(e.name(), e.metadata().withXattrs(x));
                });
            }
            xattrsListed.add(directory);
        }
    }

    /** Whether entries' names come from find itself, getent having been found unusable. */
    boolean namesFromFind() {
        return namesFromFind;
    }

    /** False once the server was found unable to list through find. */
    boolean usable() {
        return state != State.UNUSABLE;
    }

    /** Whether a batch has been listed through find. */
    boolean works() {
        return state == State.WORKS;
    }

    /**
     * Batches listed at the same time, one per find loop (the others wait for a loop): until the first batch
     * succeeded, the one loop that finds out; then {@value #MAX_LOOPS}, less one while the perl loop takes its place.
     */
    int batchesAtOnce() {
        return state != State.WORKS ? 1 : xattrsReadable ? MAX_LOOPS - 1 : MAX_LOOPS;
    }

    int loopsStarted() {
        return loopsStarted.get();
    }

    /**
     * Lists a batch of absolute directory paths (at most {@link #BATCH}): for each, its entries or null where
     * that directory must be listed another way; null for the whole batch when it must all be listed another
     * way (find reported an error in it, or cannot be used on this server).
     */
    List<List<SourceEntry>> list(List<String> directories) throws InterruptedException {
        if (directories.size() > BATCH) {
            throw new IllegalArgumentException("at most " + BATCH + " directories per batch");
        }
        FindLoop loop = acquire();
        if (loop == null) {
            return null;
        }
        List<List<SourceEntry>> listings;
        boolean named;
        try {
            listings = loop.list(directories, mostlyHoles);
            named = listings == null || loop.printsNames() || name(loop, listings);
            if (listings != null && named) {
                numberDevices(loop, directories, listings);
            }
        } catch (IOException | RuntimeException e) {
            broke(loop);
            return null;
        }
        if (listings == null && state == State.UNKNOWN) {
            state = State.UNUSABLE; // the first batch failed: never guess which part of the server is missing
        } else if (listings != null) {
            state = State.WORKS;
        }
        if (!named) {
            namesFromFind = true;
            retire(loop);
            return list(directories);
        }
        release(loop);
        if (listings != null) {
            addXattrs(directories, listings);
        }
        return listings;
    }

    /**
     * Asks the server's perl ({@link #xattrLoop}, started on first use); null once the server was found unable to
     * answer (no perl, an unknown architecture, a login that may not run commands, a loop that broke).
     */
    private Map<String, List<Xattr>> askXattrs(List<String> paths, boolean ofEntries) {
        synchronized (xattrLock) {
            if (!xattrsReadable || isClosed()) {
                return null;
            }
            try {
                if (xattrLoop == null) {
                    xattrLoop = XattrLoop.start(sessions, timeout, where, tools.perl());
                }
                return xattrLoop.xattrs(paths, ofEntries);
            } catch (IOException | RuntimeException e) {
                xattrsReadable = false;
                if (xattrLoop != null) {
                    xattrLoop.close();
                    xattrLoop = null;
                }
                return null;
            }
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Gives the entries their owner and group names, looking up the ids not seen before through {@code loop};
     * false when the server's getent cannot be used.
     */
    private boolean name(FindLoop loop, List<List<SourceEntry>> listings) throws IOException {
        Set<Integer> users = new TreeSet<>();
        Set<Integer> groups = new TreeSet<>();
        for (List<SourceEntry> entries : listings) {
            for (SourceEntry e : entries == null ? List.<SourceEntry>of() : entries) {
                if (!userNames.containsKey(e.metadata().uid())) {
                    users.add(e.metadata().uid());
                }
                if (!groupNames.containsKey(e.metadata().gid())) {
                    groups.add(e.metadata().gid());
                }
            }
        }
        if (!lookUp(loop, FindLoop.Owners.USERS, users, userNames) || !lookUp(loop, FindLoop.Owners.GROUPS, groups, groupNames)) {
            return false;
        }
        for (List<SourceEntry> entries : listings) {
            if (entries != null) {
                entries.replaceAll(e -> new SourceEntry(e.name(), e.metadata().withOwnerNames(
                        nameOrNull(userNames.get(e.metadata().uid())), nameOrNull(groupNames.get(e.metadata().gid())))));
            }
        }
        return true;
    }

    /**
     * Gives the character and block devices among the entries their device numbers, which find cannot print; a
     * batch whose numbers the server cannot give (GNU stat missing, a device gone meanwhile) keeps them at 0, as a
     * listing over SFTP has them.
     */
    private static void numberDevices(FindLoop loop, List<String> directories, List<List<SourceEntry>> listings)
            throws IOException {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < listings.size(); i++) {
            for (SourceEntry e : listings.get(i) == null ? List.<SourceEntry>of() : listings.get(i)) {
                if (e.metadata().type().isDevice()) {
                    paths.add(SourcePaths.join(directories.get(i), e.name()));
                }
            }
        }
        if (paths.isEmpty()) {
            return;
        }
        long[] numbers = loop.deviceNumbers(paths);
        if (numbers == null) {
            return;
        }
        int next = 0;
        for (List<SourceEntry> entries : listings) {
            if (entries == null) {
                continue;
            }
            for (int j = 0; j < entries.size(); j++) {
                SourceEntry e = entries.get(j);
                if (e.metadata().type().isDevice()) {
                    entries.set(j, new SourceEntry(e.name(), e.metadata().withRdev(numbers[next++])));
                }
            }
        }
    }

    private static boolean lookUp(FindLoop loop, FindLoop.Owners owners, Set<Integer> ids, Map<Integer, String> known)
            throws IOException {
        List<Integer> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += FindLoop.IDS_PER_LOOKUP) {
            List<Integer> some = all.subList(from, Math.min(all.size(), from + FindLoop.IDS_PER_LOOKUP));
            Map<Integer, String> names = loop.names(owners, some);
            if (names == null) {
                return false;
            }
            for (int id : some) {
                known.put(id, names.getOrDefault(id, ""));
            }
        }
        return true;
    }

    private static String nameOrNull(String name) {
        return name == null || name.isEmpty() ? null : name;
    }

    /** An idle loop, a new one, or null when find is not to be used (any more). */
    private FindLoop acquire() throws InterruptedException {
        synchronized (this) {
            while (true) {
                if (closed || state == State.UNUSABLE) {
                    return null;
                }
                if (!idle.isEmpty()) {
                    FindLoop loop = idle.pop();
                    if (loop.printsNames() == namesFromFind) {
                        return loop;
                    }
                    loops--; // started before getent was found unusable
                    loop.close();
                    continue;
                }
                if (loops < batchesAtOnce()) {
                    loops++;
                    break;
                }
                wait();
            }
        }
        try {
            FindLoop loop = FindLoop.start(sessions, timeout, where, namesFromFind, tools);
            loopsStarted.incrementAndGet();
            return loop;
        } catch (IOException | RuntimeException e) {
            lost();
            return null;
        }
    }

    private void release(FindLoop loop) {
        synchronized (this) {
            if (!closed) {
                idle.push(loop);
                notifyAll();
                return;
            }
        }
        loop.close();
    }

    /** Ends a loop that works but lists without names where they must now come from find. */
    private void retire(FindLoop loop) {
        loop.close();
        synchronized (this) {
            loops--;
            notifyAll();
        }
    }

    private void broke(FindLoop loop) {
        loop.close();
        lost();
    }

    /** A loop did not start or broke: one loop fewer, and find is given up on before it worked or after three. */
    private synchronized void lost() {
        loops--;
        if (state == State.UNKNOWN || ++breaks >= MAX_BREAKS) {
            state = State.UNUSABLE;
        }
        notifyAll();
    }

    @Override
    public void close() {
        List<FindLoop> toClose;
        synchronized (this) {
            closed = true;
            toClose = List.copyOf(idle);
            idle.clear();
            notifyAll();
        }
        toClose.forEach(FindLoop::close);
        synchronized (xattrLock) { // after any request under way
            if (xattrLoop != null) {
                xattrLoop.close();
                xattrLoop = null;
            }
        }
    }
}
