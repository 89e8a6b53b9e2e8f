package io.strata.engine.source;

import io.strata.engine.metadata.FileType;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A {@link Source} that lists directories ahead of its caller, on a thread of its own, starting
 * as soon as it is created: a backup can then list the tree while the repository's key is still
 * being derived (a memory-hard KDF takes about half a second), and an unchanged rescan, which is
 * nothing but that listing, finishes sooner.
 *
 * <p>Order: the thread visits directories depth-first by name and lists all subdirectories of a
 * directory before descending into the first, which is the order the archiver asks for them.
 * Excluded paths are not entered; symlinks are never followed.
 *
 * <p>Contract: {@link #list} returns the listing made ahead when there is one (then forgets it)
 * and otherwise lists through the wrapped source; either way the caller gets a listing taken
 * during this backup, at most {@code maxEntries} entries ahead of it. At most that many listed
 * entries are held at once: the thread waits while the caller catches up, so memory does not grow
 * with the tree. A failed listing ahead is failed again to the caller, who lists again itself. All
 * other calls go straight to the wrapped source. {@link #close} stops the thread and closes the
 * wrapped source.
 */
public final class ListingAhead extends ForwardingSource {
    /** One directory's listing, made by whichever side asked first. */
    private static final class Slot {
        final CompletableFuture<List<SourceEntry>> listing = new CompletableFuture<>();
        /** True when made by the caller: the thread only reads it for the subdirectories. */
        final boolean byCaller;

        Slot(boolean byCaller) {
            this.byCaller = byCaller;
        }
    }

    private final Predicate<String> excluded;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    /** Subdirectories (sorted, not excluded) of the directories listed and not yet entered by the walk. */
    private final ConcurrentHashMap<String, List<String>> toEnter = new ConcurrentHashMap<>();
    private final Object held = new Object();
    private int heldEntries; // guarded by held
    /** Set by {@link #close}: the walk ends at the next directory. */
    private volatile boolean stopped;
    /** True while the walk runs: the caller then leaves its own listings for the walk to read. */
    private volatile boolean walking = true;
    private final Thread thread;

    private ListingAhead(Source inner, List<String> roots, Predicate<String> excluded, int maxEntries) {
        super(inner);
        this.excluded = excluded;
        this.maxEntries = maxEntries;
        List<String> normalized = roots.stream().map(SourcePaths::normalize).distinct().sorted().toList();
        // a root below another root is listed by that root's walk: listed twice, it would be entered twice
        List<String> start = normalized.stream().filter(r -> normalized.stream().noneMatch(other -> !other.equals(r)
                && (other.equals("/") || r.startsWith(other + "/")))).toList();
        this.thread = Thread.ofPlatform().name("strata-listing-ahead").daemon().unstarted(() -> walk(start));
    }

    /**
     * Starts listing {@code roots} (and everything below them that is not {@code excluded}) ahead,
     * holding at most {@code maxEntries} listed entries.
     */
    public static ListingAhead start(Source inner, List<String> roots, Predicate<String> excluded, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        ListingAhead ahead = new ListingAhead(inner, roots, excluded, maxEntries);
        ahead.thread.start();
        return ahead;
    }

    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        Slot ahead;
        Slot mine = null;
        if (walking) {
            mine = new Slot(true);
            ahead = slots.putIfAbsent(directory, mine);
        } else {
            ahead = slots.get(directory);
        }
        if (ahead != null && !ahead.byCaller && slots.remove(directory, ahead)) {
            try {
                List<SourceEntry> entries = ahead.listing.join();
                release(entries.size());
                return entries;
            } catch (CompletionException e) {
                return delegate.list(directory); // listing ahead failed: the caller sees its own error
            }
        }
        if (ahead == null && mine != null) {
            // not listed yet: list it here, and let the walk find its subdirectories in this listing
            try {
                List<SourceEntry> entries = delegate.list(directory);
                mine.listing.complete(entries);
                return entries;
            } catch (Throwable e) {
                mine.listing.completeExceptionally(e); // never leave the walk waiting on it
                throw e;
            }
        }
        return delegate.list(directory);
    }

    /** Visits the roots depth-first; a directory's subdirectories are listed before the first is entered. */
    private void walk(List<String> roots) {
        try {
            Deque<String> toVisit = new ArrayDeque<>();
            for (String root : roots.reversed()) {
                if (!excluded.test(root) && isDirectory(root) && listAhead(root)) {
                    toVisit.push(root);
                }
            }
            while (!toVisit.isEmpty() && !stopped) {
                List<String> subdirectories = toEnter.remove(toVisit.pop());
                List<String> listedAhead = new ArrayList<>(subdirectories.size());
                for (String sub : subdirectories) {
                    if (stopped) {
                        return;
                    }
                    if (listAhead(sub)) {
                        listedAhead.add(sub);
                    }
                }
                for (String sub : listedAhead.reversed()) {
                    toVisit.push(sub);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            walking = false;
        }
    }

    /**
     * Lists one directory ahead unless the caller already did, and notes its subdirectories for the
     * walk. Returns false when it cannot be listed (the walk then does not enter it).
     */
    private boolean listAhead(String dir) throws InterruptedException {
        waitForRoom();
        Slot mine = new Slot(false);
        Slot existing = slots.putIfAbsent(dir, mine);
        List<SourceEntry> entries;
        if (existing != null) {
            // the caller got here first and listed it itself
            slots.remove(dir, existing);
            try {
                entries = existing.listing.join();
            } catch (CompletionException e) {
                return false;
            }
        } else {
            try {
                entries = delegate.list(dir);
            } catch (IOException | RuntimeException e) {
                mine.listing.completeExceptionally(e);
                return false;
            } catch (Error e) {
                mine.listing.completeExceptionally(e); // never leave the caller waiting on it
                throw e;
            }
            synchronized (held) {
                heldEntries += entries.size();
            }
            mine.listing.complete(entries);
        }
        List<String> subdirectories = new ArrayList<>();
        for (SourceEntry e : entries) {
            String child = SourcePaths.join(dir, e.name());
            if (e.metadata().type() == FileType.DIRECTORY && !excluded.test(child)) {
                subdirectories.add(child);
            }
        }
        subdirectories.sort(Comparator.naturalOrder());
        toEnter.put(dir, subdirectories);
        return true;
    }

    private void waitForRoom() throws InterruptedException {
        synchronized (held) {
            while (heldEntries >= maxEntries && !stopped) {
                held.wait();
            }
        }
    }

    private void release(int entries) {
        synchronized (held) {
            heldEntries -= entries;
            held.notifyAll();
        }
    }

    private boolean isDirectory(String path) {
        try {
            return delegate.stat(path).type() == FileType.DIRECTORY;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Stops listing ahead, waiting for a listing in progress to end (the thread is not interrupted:
     * an interrupt could break a remote source's connection), and closes the wrapped source.
     */
    @Override
    public void close() throws IOException {
        stopped = true;
        walking = false;
        synchronized (held) {
            held.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.clear();
        toEnter.clear();
        super.close();
    }
}
