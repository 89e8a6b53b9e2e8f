package io.strata.engine.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.metadata.FileType;
import io.strata.engine.source.local.LocalSource;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Listing ahead: same listings as the source, each directory listed once, bounded, excludes honoured. */
class ListingAheadTest {
    @TempDir
    Path dir;

    /**
     * A local source that counts listings per directory, can refuse some, and can make each listing take
     * a while (as a round trip to a remote server does), noting the order and how many ran at once.
     */
    static final class CountingSource extends ForwardingSource {
        final Map<String, Integer> listings = new ConcurrentHashMap<>();
        final Collection<String> refused = new ConcurrentLinkedQueue<>();
        final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        volatile int delayMillis;
        volatile boolean closed;

        CountingSource() {
            super(new LocalSource());
        }

        @Override
        public List<SourceEntry> list(String directory) throws IOException {
            listings.merge(directory, 1, Integer::sum);
            order.add(directory);
            mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                if (refused.contains(directory)) {
                    throw new AccessDeniedException(directory);
                }
                return super.list(directory);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            } finally {
                inProgress.decrementAndGet();
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        int total() {
            return listings.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** 1 + 6 + 36 + 216 directories, four files in each. */
    private String tree() throws IOException {
        Path root = dir.resolve("root");
        fill(root, 3);
        return root.toString();
    }

    private static void fill(Path d, int depth) throws IOException {
        Files.createDirectories(d);
        for (int f = 0; f < 4; f++) {
            Files.writeString(d.resolve("f" + f), "x" + f);
        }
        if (depth > 0) {
            for (int s = 0; s < 6; s++) {
                fill(d.resolve("d" + s), depth - 1);
            }
        }
    }

    /** What the archiver does: list a directory, then its subdirectories, depth first. */
    private static Map<String, List<String>> walk(Source source, String root) throws IOException {
        Map<String, List<String>> seen = new TreeMap<>();
        Deque<String> toVisit = new ArrayDeque<>();
        toVisit.push(root);
        while (!toVisit.isEmpty()) {
            String d = toVisit.pop();
            List<String> names = new ArrayList<>();
            for (SourceEntry e : source.list(d)) {
                names.add(e.name() + ":" + e.metadata().type());
                if (e.metadata().type() == FileType.DIRECTORY) {
                    toVisit.push(SourcePaths.join(d, e.name()));
                }
            }
            names.sort(null);
            seen.put(d, names);
        }
        return seen;
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "5, 1", "200, 1", "0, 4", "5, 4", "200, 4"})
    void givesTheSourcesListingsAndListsEachDirectoryOnce(int headStartMillis, int threads) throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource counting = new CountingSource();
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 100_000, threads)) {
            Thread.sleep(headStartMillis);
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(counting.listings).hasSize(expected.size());
        assertThat(counting.listings.values()).containsOnly(1);
        assertThat(counting.closed).isTrue();
    }

    @Test
    void holdsNoMoreThanItsBoundWhileTheCallerWaits() throws Exception {
        String root = tree();
        CountingSource counting = new CountingSource();
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 20)) {
            // root has 10 entries and each directory below 10 or 4: the walk stops once 20 are held
            awaitStable(counting);
            assertThat(counting.total()).isBetween(2, 3);
            ahead.list(root);
            awaitStable(counting);
            assertThat(counting.total()).isBetween(3, 4);
            Map<String, List<String>> rest = walk(ahead, root);
            assertThat(rest).hasSize(1 + 6 + 36 + 216);
        }
    }

    /**
     * A source whose listings wait on round trips: with several threads they overlap, they start where the
     * caller does, and the caller still gets every listing once.
     *
     * <p>Where they start is checked on what the threads take, not on when their listings begin (a thread can be
     * descheduled between taking a directory and listing it, so another's later take may begin first): the root's
     * six subdirectories are queued together and come before any deeper directory in the caller's order, so a
     * deeper listing may only begin once all six have been taken; each waits here until all six have begun, which
     * happens at once when they were taken before it, and never when one is still queued behind it.
     */
    @Test
    void severalThreadsOverlapSlowListingsAndStartWhereTheCallerDoes() throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource slow = new CountingSource();
        slow.delayMillis = 5;
        java.util.concurrent.CountDownLatch subdirectoriesBegun = new java.util.concurrent.CountDownLatch(6);
        Collection<String> begunTooEarly = new ConcurrentLinkedQueue<>();
        Source checked = new ForwardingSource(slow) {
            @Override
            public List<SourceEntry> list(String directory) throws IOException {
                int depth = directory.equals(root) ? 0 : directory.substring(root.length() + 1).split("/").length;
                if (depth == 1) {
                    subdirectoriesBegun.countDown();
                } else if (depth > 1) {
                    try {
                        if (!subdirectoriesBegun.await(2, TimeUnit.SECONDS)) {
                            begunTooEarly.add(directory);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                }
                return super.list(directory);
            }
        };
        try (ListingAhead ahead = ListingAhead.start(checked, List.of(root), p -> false, 100_000, 4)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slow.listings.size() < expected.size() && begunTooEarly.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(begunTooEarly).as("listings begun before all of the root's subdirectories were taken").isEmpty();
            assertThat(slow.listings).hasSize(expected.size()); // listed ahead, all of it
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(slow.listings.values()).containsOnly(1);
        assertThat(slow.mostAtOnce.get()).isBetween(2, 4);
        assertThat(slow.order.getFirst()).isEqualTo(root);
    }

    /** One thread lists exactly in the caller's order: a directory's subdirectories by name, then depth first. */
    /** A counting source that lists up to {@code batch} directories per {@link #listMany}, noting each batch. */
    static final class BatchingSource extends ForwardingSource {
        final CountingSource counting;
        final int batch;
        final List<List<String>> batches = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile int batchDelayMillis;
        volatile int atOnce = Integer.MAX_VALUE;

        BatchingSource(CountingSource counting, int batch) {
            super(counting);
            this.counting = counting;
            this.batch = batch;
        }

        @Override
        public int listBatchSize() {
            return batch;
        }

        @Override
        public int listingsAtOnce() {
            return atOnce;
        }

        @Override
        public List<DirectoryListing> listMany(List<String> directories) {
            assertThat(directories).hasSizeLessThanOrEqualTo(batch);
            batches.add(List.copyOf(directories));
            try {
                Thread.sleep(batchDelayMillis); // a round trip
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return counting.listMany(directories); // each through the counting source's own list
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void aSourceThatListsInBulkIsGivenBatchesEachDirectoryOnce(int threads) throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource counting = new CountingSource();
        BatchingSource batching = new BatchingSource(counting, 8);
        try (ListingAhead ahead = ListingAhead.start(batching, List.of(root), p -> false, 100_000, threads)) {
            awaitStable(counting);
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(counting.listings).hasSize(expected.size());
        assertThat(counting.listings.values()).containsOnly(1);
        assertThat(batching.batches).anyMatch(b -> b.size() == 8);
        if (threads == 1) {
            // one thread takes whole batches: the first of the directories known, in the caller's order
            assertThat(batching.batches.get(0)).containsExactly(root);
            assertThat(batching.batches.get(1)).containsExactly(root + "/d0", root + "/d1", root + "/d2", root + "/d3",
                    root + "/d4", root + "/d5");
            assertThat(batching.batches.get(2)).containsExactly(root + "/d0/d0", root + "/d0/d1", root + "/d0/d2",
                    root + "/d0/d3", root + "/d0/d4", root + "/d0/d5", root + "/d1/d0", root + "/d1/d1");
        } else {
            // several share what is known: a batch taken while the root's six subdirectories are all that is queued
            // holds at most a third of them (the first listed after the root is one such, whichever thread took it;
            // what later batches hold depends on which threads the scheduler wakes first)
            java.util.function.Predicate<String> rootSubdirectory = p -> p.startsWith(root + "/") && p.lastIndexOf('/') == root.length();
            assertThat(batching.batches.get(1)).hasSizeBetween(1, 2).allMatch(rootSubdirectory);
        }
    }

    @Test
    void threadsBeyondWhatTheSourceListsAtOnceDoNotSplitItsBatches() throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource counting = new CountingSource();
        BatchingSource batching = new BatchingSource(counting, 8);
        batching.atOnce = 1; // one loop on the server, say: a second thread's batch waits for the first's
        try (ListingAhead ahead = ListingAhead.start(batching, List.of(root), p -> false, 100_000, 3)) {
            awaitStable(counting);
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(counting.listings).hasSize(expected.size());
        assertThat(counting.listings.values()).containsOnly(1);
        // the root's six subdirectories, all that is queued once the root is listed, go in one batch, not in thirds
        assertThat(batching.batches.get(1)).containsExactly(root + "/d0", root + "/d1", root + "/d2", root + "/d3",
                root + "/d4", root + "/d5");
    }

    @ParameterizedTest
    @CsvSource({"1", "3"})
    void aCallerAheadOfTheThreadsListsABatchItselfNotADirectoryAlone(int threads) throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource counting = new CountingSource();
        BatchingSource batching = new BatchingSource(counting, 8);
        batching.batchDelayMillis = 30; // the caller, which waits for nothing, soon asks for directories still queued
        try (ListingAhead ahead = ListingAhead.start(batching, List.of(root), p -> false, 100_000, threads)) {
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(counting.listings).hasSize(expected.size());
        assertThat(counting.listings.values()).containsOnly(1);
        // every listing went through a batch: none by the caller on its own
        assertThat(batching.batches.stream().mapToInt(List::size).sum()).isEqualTo(expected.size());
        if (threads == 1) {
            assertThat(batching.batches.stream().filter(b -> b.size() == 1).count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aDirectoryThatCannotBeListedFailsAloneInItsBatch() throws Exception {
        String root = tree();
        CountingSource counting = new CountingSource();
        counting.refused.add(root + "/d4");
        BatchingSource batching = new BatchingSource(counting, 8);
        try (ListingAhead ahead = ListingAhead.start(batching, List.of(root), p -> false, 100_000)) {
            awaitStable(counting);
            assertThat(batching.batches.get(1)).contains(root + "/d3", root + "/d4", root + "/d5");
            assertThatThrownBy(() -> ahead.list(root + "/d4")).isInstanceOf(AccessDeniedException.class);
            assertThat(ahead.list(root + "/d3")).hasSize(10);
            assertThat(ahead.list(root + "/d5")).hasSize(10);
        }
        assertThat(counting.listings.keySet()).noneMatch(p -> p.startsWith(root + "/d4/"));
    }

    /** The order in which the archiver asks for listings: a directory's subdirectories by name, then depth first. */
    private static List<String> callersOrder(String root) throws IOException {
        List<String> expected = new ArrayList<>(List.of(root));
        Deque<String> toVisit = new ArrayDeque<>(List.of(root));
        while (!toVisit.isEmpty()) {
            String d = toVisit.pop();
            List<String> subdirectories = new LocalSource().list(d).stream()
                    .filter(e -> e.metadata().type() == FileType.DIRECTORY).map(e -> SourcePaths.join(d, e.name())).sorted().toList();
            expected.addAll(subdirectories);
            subdirectories.reversed().forEach(toVisit::push);
        }
        return expected;
    }

    @Test
    void oneThreadListsInTheCallersOrder() throws Exception {
        String root = tree();
        List<String> expected = callersOrder(root);
        CountingSource counting = new CountingSource();
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 100_000, 1)) {
            awaitStable(counting);
            assertThat(counting.order).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void severalThreadsHoldTheirBoundPlusTheListingsInProgress() throws Exception {
        String root = tree();
        CountingSource counting = new CountingSource();
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 20, 3)) {
            // at most one listing of 10 entries per thread passes the bound: 20 held, then up to 2 more
            awaitStable(counting);
            assertThat(counting.total()).isBetween(2, 5);
            Map<String, List<String>> rest = walk(ahead, root);
            assertThat(rest).hasSize(1 + 6 + 36 + 216);
        }
    }

    /**
     * Waits until the listings made stop changing: the same count over 300 ms (a busy machine can hold a thread that
     * much between two listings), at most 10 s.
     */
    private static void awaitStable(CountingSource counting) throws InterruptedException {
        int last = -1;
        int unchanged = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int now = counting.total();
            unchanged = now == last ? unchanged + 1 : 0;
            if (unchanged == 3) {
                return;
            }
            last = now;
            Thread.sleep(100);
        }
    }

    @Test
    void rootsInsideOtherRootsAreListedOnceWithThem() throws Exception {
        String root = tree();
        Map<String, List<String>> expected = walk(new LocalSource(), root);
        CountingSource counting = new CountingSource();
        List<String> roots = List.of(root + "/d1", root, root + "/d1/d2", root);
        try (ListingAhead ahead = ListingAhead.start(counting, roots, p -> false, 100_000)) {
            awaitStable(counting);
            assertThat(counting.listings).hasSize(expected.size()); // the walk got through everything
            assertThat(walk(ahead, root)).isEqualTo(expected);
        }
        assertThat(counting.listings.values()).containsOnly(1);
    }

    @Test
    void leavesExcludedDirectoriesAlone() throws Exception {
        String root = tree();
        String excluded = root + "/d2";
        CountingSource counting = new CountingSource();
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> p.equals(excluded), 100_000)) {
            Thread.sleep(200);
        }
        assertThat(counting.listings).containsKey(root + "/d1").containsKey(root + "/d3/d5");
        assertThat(counting.listings.keySet()).noneMatch(p -> p.equals(excluded) || p.startsWith(excluded + "/"));
    }

    @Test
    void aDirectoryThatCannotBeListedFailsForTheCallerToo() throws Exception {
        String root = tree();
        CountingSource counting = new CountingSource();
        counting.refused.add(root + "/d4");
        try (ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 100_000)) {
            Thread.sleep(200);
            assertThatThrownBy(() -> ahead.list(root + "/d4")).isInstanceOf(AccessDeniedException.class);
            assertThat(ahead.list(root + "/d3")).hasSize(10);
        }
        assertThat(counting.listings.keySet()).noneMatch(p -> p.startsWith(root + "/d4/"));
    }

    @Test
    void closingStopsTheWalk() throws Exception {
        String root = tree();
        CountingSource counting = new CountingSource();
        ListingAhead ahead = ListingAhead.start(counting, List.of(root), p -> false, 5);
        awaitStable(counting);
        ahead.close();
        int atClose = counting.total();
        Thread.sleep(100);
        assertThat(counting.total()).isEqualTo(atClose).isLessThan(5);
        assertThat(counting.closed).isTrue();
        assertThat(Set.copyOf(ahead.list(root).stream().map(SourceEntry::name).toList())).contains("d0", "f0");
    }
}
