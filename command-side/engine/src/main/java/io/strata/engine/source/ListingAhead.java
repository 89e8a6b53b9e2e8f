package io.strata.engine.source;

import io.strata.engine.metadata.FileType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A {@link Source} that lists directories ahead of its caller, on threads of its own, starting
 * as soon as it is created: a backup can then list the tree while the repository's key is still
 * being derived (a memory-hard KDF takes about half a second), and an unchanged rescan, which is
 * nothing but that listing, finishes sooner.
 *
 * <p>Order: the archiver asks for the listings of a directory's subdirectories, in name order, before it
 * descends into the first (so for directory {@code d} with parent {@code p}: ordered by {@code p}
 * depth-first by name, then by the name of {@code d}). Of the directories known and not yet listed, each
 * thread takes the one the caller will ask for first, or, from a source that lists several directories in
 * one request ({@link Source#listBatchSize}), the first few: its share of those known (shared among as many threads
 * as the source lists for at once, {@link Source#listingsAtOnce}), at most a batch.
 * With one thread that is exactly the caller's order; with several, listings that wait on round trips (a
 * remote server) overlap. Excluded paths are not entered; symlinks are never followed.
 *
 * <p>Contract: {@link #list} returns the listing made ahead when there is one (then forgets it)
 * and otherwise lists through the wrapped source; either way the caller gets a listing taken
 * during this backup. At most {@code maxEntries} listed entries are held at once, plus what the
 * listings in progress bring: a thread waits while the caller catches up, so memory
 * does not grow with the tree. A failed listing ahead is failed again to the caller, who lists
 * again itself. All other calls go straight to the wrapped source, which must take calls from
 * several threads. {@link #close} stops the threads and closes the wrapped source.
 */
public final class ListingAhead extends ForwardingSource {
    /** One directory's listing, made by whichever side asked first. */
    private static final class Slot {
        final CompletableFuture<List<SourceEntry>> listing = new CompletableFuture<>();
        /** True when made by the caller: the threads only read it for the subdirectories. */
        final boolean byCaller;

        Slot(boolean byCaller) {
            this.byCaller = byCaller;
        }
    }

    /** A directory taken from the queue to list, with the slot it holds: its own, or the caller's if the caller came first. */
    private record Taken(Pending pending, Slot slot) {
    }

    /** A directory to list: its parent's path components and its own name, ordered as the caller asks. */
    private record Pending(List<String> parent, String name, String path) implements Comparable<Pending> {
        static Pending root(String path) {
            return new Pending(List.of(), path, path);
        }

        /** A root of the walk: it is checked to be a directory and not excluded before it is listed. */
        boolean isRoot() {
            return parent.isEmpty();
        }

        Pending child(String childName) {
            List<String> components = new ArrayList<>(parent.size() + 1);
            components.addAll(parent);
            components.add(name);
            return new Pending(components, childName, SourcePaths.join(path, childName));
        }

        @Override
        public int compareTo(Pending o) {
            int n = Math.min(parent.size(), o.parent.size());
            for (int i = 0; i < n; i++) {
                int c = parent.get(i).compareTo(o.parent.get(i));
                if (c != 0) {
                    return c;
                }
            }
            int c = Integer.compare(parent.size(), o.parent.size());
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private final Predicate<String> excluded;
    private final int maxEntries;
    private final int threadCount;
    private final ConcurrentHashMap<String, Slot> slots = new ConcurrentHashMap<>();
    /** Directories known and not yet listed ahead; guarded by itself, with {@link #listing} and {@link #queued}. */
    private final PriorityQueue<Pending> toList = new PriorityQueue<>();
    /** The paths in {@link #toList}. */
    private final Set<String> queued = new HashSet<>();
    /** Directories being listed ahead by a thread; guarded by {@link #toList}. */
    private int listing;
    private final Object held = new Object();
    private int heldEntries; // guarded by held
    /** Set by {@link #close}: the threads end at their next directory. */
    private volatile boolean stopped;
    private final List<Thread> threads = new ArrayList<>();
    /** Threads still walking; while any is (and it is not stopped) the caller leaves its own listings for them to read. */
    private final AtomicInteger running;

    private ListingAhead(Source inner, List<String> roots, Predicate<String> excluded, int maxEntries, int threadCount) {
        super(inner);
        this.excluded = excluded;
        this.maxEntries = maxEntries;
        this.threadCount = threadCount;
        List<String> normalized = roots.stream().map(SourcePaths::normalize).distinct().sorted().toList();
        // a root below another root is listed by that root's walk: listed twice, it would be entered twice
        normalized.stream().filter(r -> normalized.stream().noneMatch(other -> !other.equals(r)
                && (other.equals("/") || r.startsWith(other + "/")))).map(Pending::root).forEach(this::enqueue);
        this.running = new AtomicInteger(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofPlatform().name("strata-listing-ahead").daemon().unstarted(this::walk));
        }
    }

    /**
     * Starts listing {@code roots} (and everything below them that is not {@code excluded}) ahead on one
     * thread, holding at most {@code maxEntries} listed entries.
     */
    public static ListingAhead start(Source inner, List<String> roots, Predicate<String> excluded, int maxEntries) {
        return start(inner, roots, excluded, maxEntries, 1);
    }

    /**
     * Starts listing {@code roots} ahead on {@code threads} threads (for a source whose listings wait on
     * round trips: about as many as it lists at once, e.g. its SFTP channels).
     */
    public static ListingAhead start(Source inner, List<String> roots, Predicate<String> excluded, int maxEntries,
            int threads) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1 to 64, got " + threads);
        }
        ListingAhead ahead = new ListingAhead(inner, roots, excluded, maxEntries, threads);
        ahead.threads.forEach(Thread::start);
        return ahead;
    }

    @Override
    public List<SourceEntry> list(String directory) throws IOException {
        Slot ahead;
        Slot mine = null;
        if (running.get() > 0 && !stopped) {
            if (delegate.listBatchSize() > 1) {
                listQueuedBatchWith(directory);
            }
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

    /** One thread: lists the directories the caller will ask for first, until none is left or it is stopped. */
    private void walk() {
        try {
            List<Taken> next;
            while (waitForRoom() && (next = take()) != null) {
                try {
                    listAhead(next);
                } finally {
                    done(next.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * The next directories to list: the first of those known, or for a source that lists in batches the
     * first of its share of them (so the other threads have some too), at most a batch. Null when every
     * directory is listed (or the walk stopped).
     */
    private List<Taken> take() throws InterruptedException {
        synchronized (toList) {
            while (toList.isEmpty() && listing > 0 && !stopped) {
                toList.wait();
            }
            if (stopped || toList.isEmpty()) {
                toList.notifyAll(); // the last listing is done: every waiting thread ends too
                return null;
            }
            return takeBatch(new ArrayList<>());
        }
    }

    /**
     * Adds to {@code batch} the first queued directories, up to this thread's share, and counts them as being listed.
     * The queue is shared among as many threads as the source lists for at once ({@link Source#listingsAtOnce}):
     * threads beyond that would wait for the source anyway, and a share cut for them would only mean more requests.
     * Each leaves the queue with its slot in place (under the queue's lock), so a directory the caller asks for is
     * always either queued or has a slot it can wait on: the caller never lists one alone because a thread had
     * taken it but not yet said so.
     */
    private List<Taken> takeBatch(List<Taken> batch) {
        int sharers = Math.max(1, Math.min(threadCount, delegate.listingsAtOnce()));
        int share = (toList.size() + sharers - 1) / sharers;
        int count = Math.max(1, Math.min(delegate.listBatchSize(), share));
        while (batch.size() < count && !toList.isEmpty()) {
            batch.add(claim(toList.poll()));
        }
        listing += batch.size();
        return batch;
    }

    /** A directory just taken out of the queue, with its slot: a new one, or the caller's if it came first. */
    private Taken claim(Pending p) {
        queued.remove(p.path());
        Slot slot = new Slot(false);
        Slot existing = slots.putIfAbsent(p.path(), slot);
        return new Taken(p, existing == null ? slot : existing);
    }

    private void enqueue(Pending p) {
        toList.add(p);
        queued.add(p.path());
    }

    private void done(int listed) {
        synchronized (toList) {
            listing -= listed;
            toList.notifyAll();
        }
    }

    /**
     * For a source that lists in batches, when the caller asks for a directory still queued (every thread is
     * busy): takes it out with the batch a thread would take and lists that here, as a thread would, rather
     * than have the caller list it alone (one request for one directory, where a batch costs about the same).
     */
    private void listQueuedBatchWith(String directory) {
        List<Taken> batch;
        synchronized (toList) {
            if (!queued.contains(directory)) {
                return;
            }
            // the caller asks in the queue's order, so what it asks for is nearly always the head
            Pending wanted = toList.peek().path().equals(directory) ? toList.peek()
                    : toList.stream().filter(p -> p.path().equals(directory)).findFirst().orElseThrow();
            toList.remove(wanted);
            batch = takeBatch(new ArrayList<>(List.of(claim(wanted))));
        }
        try {
            listAhead(batch);
        } finally {
            done(batch.size());
        }
    }

    /**
     * Lists directories ahead (in one request, for a source that lists in batches), except those the caller
     * already listed itself, and queues their subdirectories that are not excluded (before the caller can see
     * the listing, so that a subdirectory it asks for is either queued or being listed); none of a directory
     * that cannot be listed (the walk then does not enter it). A root is listed only when it is a directory
     * and not excluded (otherwise its slot fails, and the caller, should it ask, lists it itself). Threads wait
     * for room before they take a batch ({@link #waitForRoom}), never while holding slots the caller may wait on;
     * the caller, which is what frees room, never waits for it.
     */
    private void listAhead(List<Taken> batch) {
        List<Pending> mine = new ArrayList<>(batch.size());
        List<Slot> mySlots = new ArrayList<>(batch.size());
        for (Taken taken : batch) {
            Pending pending = taken.pending();
            Slot slot = taken.slot();
            if (pending.isRoot() && (excluded.test(pending.path()) || !isDirectory(pending.path()))) {
                if (!slot.byCaller) {
                    slots.remove(pending.path(), slot);
                    slot.listing.completeExceptionally(new IOException(pending.path() + " is not listed ahead"));
                }
                continue;
            }
            if (!slot.byCaller) {
                mine.add(pending);
                mySlots.add(slot);
                continue;
            }
            // the caller got here first and listed it itself
            slots.remove(pending.path(), slot);
            try {
                enqueueSubdirectories(pending, slot.listing.join());
            } catch (CompletionException e) {
                // not listed: nothing to enter
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        List<DirectoryListing> listings;
        try {
            listings = delegate.listMany(mine.stream().map(Pending::path).toList());
            if (listings.size() != mine.size()) {
                throw new IllegalStateException(delegate.describe() + " gave " + listings.size() + " listings for "
                        + mine.size() + " directories");
            }
        } catch (RuntimeException | Error e) {
            mySlots.forEach(slot -> slot.listing.completeExceptionally(e)); // never leave the caller waiting on them
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        try {
            for (int i = 0; i < mine.size(); i++) {
                DirectoryListing listing = listings.get(i);
                if (listing.error() != null) {
                    mySlots.get(i).listing.completeExceptionally(listing.error());
                    continue;
                }
                synchronized (held) {
                    heldEntries += listing.entries().size();
                }
                enqueueSubdirectories(mine.get(i), listing.entries());
                mySlots.get(i).listing.complete(listing.entries());
            }
        } finally {
            // never leave the caller waiting on a slot (a no-op for those completed above)
            IllegalStateException stopped = new IllegalStateException("listing ahead stopped");
            mySlots.forEach(slot -> slot.listing.completeExceptionally(stopped));
        }
    }

    private void enqueueSubdirectories(Pending pending, List<SourceEntry> entries) {
        List<Pending> subdirectories = new ArrayList<>();
        for (SourceEntry e : entries) {
            if (e.metadata().type() == FileType.DIRECTORY && !excluded.test(SourcePaths.join(pending.path(), e.name()))) {
                subdirectories.add(pending.child(e.name()));
            }
        }
        synchronized (toList) {
            subdirectories.forEach(this::enqueue);
            toList.notifyAll();
        }
    }

    /**
     * Waits while as many entries are held as allowed; false once the walk is stopped. Threads that pass it at the
     * same time may each take a batch, so the entries held can exceed the bound by a batch's listings per thread.
     */
    private boolean waitForRoom() throws InterruptedException {
        synchronized (held) {
            while (heldEntries >= maxEntries && !stopped) {
                held.wait();
            }
            return !stopped;
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
     * Stops listing ahead, waiting for listings in progress to end (the threads are not interrupted:
     * an interrupt could break a remote source's connection), and closes the wrapped source.
     */
    @Override
    public void close() throws IOException {
        stopped = true;
        synchronized (held) {
            held.notifyAll();
        }
        synchronized (toList) {
            toList.notifyAll();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        slots.clear();
        synchronized (toList) {
            toList.clear();
            queued.clear();
        }
        super.close();
    }
}
