package io.strata.engine.restorer;

import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.blob.BlobId;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.index.BlobLocation;
import io.strata.engine.metadata.FileType;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import io.strata.engine.output.OutputRefusedException;
import io.strata.engine.progress.CancelledException;
import io.strata.engine.progress.ProgressMeter;
import io.strata.engine.repository.OpenedBlob;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restores snapshots from a {@link Repository} to an {@link Output}, in two phases:
 *
 * <ol>
 *   <li><b>Walk</b>, directories in parallel: load each tree, create its directories, symlinks and
 *       special files, and sort its regular files into work: a file of one blob of at most half a
 *       span (most files of a source tree) joins the group of the pack holding that blob; others are
 *       restored alone.
 *   <li><b>Contents</b>, on {@code workers} threads: each pack group is cut into spans of at most
 *       {@link #spanLimit} bytes (blobs in pack order, a gap of more than {@link #MAX_GAP} unneeded
 *       bytes starts a new span), and of at most a {@code 2 * workers}th of the files, so that a restore
 *       of a few small files has work for every worker; a span is read with one ranged read and its files
 *       are written from it, one after another, so a cold page cache or remote storage sees few large
 *       sequential reads instead of one random read per file, and packs are never read whole for a few
 *       blobs. Spans are handed out round robin over packs, so that workers write into different
 *       directories.
 * </ol>
 *
 * Then hard links, then directory metadata, deepest first (both on the workers: a directory's metadata
 * once every deeper one is done). A target that refuses every further write ({@link OutputRefusedException}: no room
 * left, or a read-only file system) stops the restore: files not begun are skipped rather than each failed alike,
 * directories created so far still get their metadata where the target has only run out of room, and the result
 * says so ({@link RestoreResult#targetRefused}). Every blob is verified against its id
 * and every file against its recorded SHA-256 in memory, before its bytes count as restored; the
 * file is never read back. Nothing is fsynced: a restore is repeated, not resumed, after a crash.
 *
 * <p>Memory: an output whose calls wait on a network (SFTP) needs many workers to keep files in flight,
 * so what the workers hold together does not grow with their number: spans shrink as workers grow
 * (together at most about {@link #SPANS_IN_MEMORY} bytes, each at least {@link #MIN_SPAN}), so do the
 * blobs a span's files hold (at most half a span each, decoded in a worker's reusable buffers), and at
 * most {@link #LARGE_FILES_AT_ONCE} of the other files (their blobs up to the chunker's maximum, held
 * stored and decoded) are written at a time.
 */
public final class Restorer {
    private static final int BLOCK = 4096;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];
    /** Largest span of a pack read at once for its single-blob files (bounds memory per worker). */
    static final int MAX_SPAN = 4 << 20;
    /** Smallest span limit, however many workers: below it ranged reads get too many for remote storage. */
    static final int MIN_SPAN = 512 << 10;
    /** Span bytes the workers hold together, which spans shrink to share (down to {@link #MIN_SPAN}). */
    static final int SPANS_IN_MEMORY = 16 << 20;
    /** Files of several blobs restored at once, whatever the workers: each holds a blob stored and decoded. */
    static final int LARGE_FILES_AT_ONCE = 4;
    /** Largest run of unneeded bytes read through instead of starting a new span. */
    static final int MAX_GAP = 256 << 10;
    private final Repository repo;

    public Restorer(Repository repo) {
        this.repo = repo;
    }

    /** The largest span read at once when {@code workers} threads restore. */
    static int spanLimit(int workers) {
        return Math.clamp(SPANS_IN_MEMORY / workers, MIN_SPAN, MAX_SPAN);
    }

    public RestoreResult restore(RestoreRequest request, Output output) {
        Snapshot snapshot = repo.loadSnapshot(request.snapshot());
        Tree root = repo.loadTree(snapshot.tree());
        List<String> includes = request.includes().stream().map(SourcePaths::normalize).toList();
        try (Run run = new Run(request, output)) {
            run.walk(root, includes);
            run.restoreContents();
            run.finish();
            return new RestoreResult(run.files.get(), run.bytes.get(), run.verified.get(), run.directories.get(),
                    run.others.get(), List.copyOf(run.failed), run.refused == null ? null
                            : new RestoreResult.Refusal(run.refused.reason(), run.refused.getMessage()), run.meter.elapsed());
        }
    }

    /**
     * The {@code includes} (snapshot paths) of which the snapshot has nothing, in the order given: restoring
     * them would restore nothing, which callers report instead of a success. Loads only the trees on the way.
     */
    public List<String> missingIncludes(SnapshotId snapshot, List<String> includes) {
        Tree root = repo.loadTree(repo.loadSnapshot(snapshot).tree());
        List<String> missing = new ArrayList<>();
        for (String include : includes) {
            List<String> names = SourcePaths.components(include);
            if (repo.nodesAlong(root, names).size() < names.size()) {
                missing.add(include);
            }
        }
        return missing;
    }

    /** A regular file to restore; {@code location} is set for single-blob files. */
    private record FileJob(String path, Node node, BlobLocation location) {
    }

    /** A directory whose metadata is applied after everything below it. */
    private record DirectoryMeta(String path, Node node, int depth) {
    }

    /** Where a file's blobs come from. */
    @FunctionalInterface
    private interface BlobSource {
        OpenedBlob open(BlobId id);
    }

    private final class Run implements AutoCloseable {
        final RestoreRequest request;
        final Output output;
        final ProgressMeter meter;
        final ExecutorService pool;
        /** The largest span read at once; a file whose one blob is over half of it is restored on its own. */
        final int maxSpan;
        final AtomicLong files = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong verified = new AtomicLong();
        final AtomicLong directories = new AtomicLong();
        final AtomicLong others = new AtomicLong();
        final ConcurrentLinkedQueue<FailedFile> failed = new ConcurrentLinkedQueue<>();
        final Map<String, String> firstLinkPath = new ConcurrentHashMap<>();
        final Map<String, Boolean> failedPaths = new ConcurrentHashMap<>();
        final Queue<String[]> links = new ConcurrentLinkedQueue<>();
        final Queue<DirectoryMeta> dirMeta = new ConcurrentLinkedQueue<>();
        final Map<BlobId, Queue<FileJob>> singleBlobFilesByPack = new ConcurrentHashMap<>();
        final Queue<FileJob> otherFiles = new ConcurrentLinkedQueue<>();
        /** Why the target has no room left, once an output call said so; then nothing more is begun. */
        /** The first refusal of every further write by the target; null while it takes them. */
        volatile OutputRefusedException refused;

        Run(RestoreRequest request, Output output) {
            this.request = request;
            this.output = output;
            this.meter = new ProgressMeter(repo.options().clock(), request.progress(), Duration.ofMillis(500));
            this.pool = newPool();
            this.maxSpan = spanLimit(request.workers());
        }

        private boolean selected(String path, List<String> includes) {
            if (includes.isEmpty()) {
                return true;
            }
            for (String inc : includes) {
                if (path.equals(inc) || path.startsWith(inc.endsWith("/") ? inc : inc + "/") || inc.equals("/")) {
                    return true;
                }
            }
            return false;
        }

        private boolean onTheWay(String path, List<String> includes) {
            for (String inc : includes) {
                if (inc.startsWith(path + "/")) {
                    return true;
                }
            }
            return false;
        }

        /** Whether nothing more is to be begun: the restore was cancelled, or the target is full. */
        private boolean stopped() {
            return refused != null || request.cancellation().isCancelled();
        }

        /** Records a failed path; a target refusing every write ({@link OutputRefusedException}) also stops the restore. */
        private void failed(String path, String reason, Exception e) {
            if (e instanceof OutputRefusedException r && refused == null) {
                refused = r;
            }
            failed.add(new FailedFile(path, reason));
        }

        // ------------------------------------------------------------ phase 1: walk

        void walk(Tree root, List<String> includes) {
            ForkJoinPool walkers = new ForkJoinPool(request.workers());
            try {
                walkers.invoke(new DirectoryWalk("", null, root, includes, 0));
            } finally {
                walkers.shutdownNow();
            }
            meter.scanComplete();
        }

        /**
         * One directory: its tree is loaded (the root's is given), its entries created, and its
         * subdirectories walked as parallel subtasks; then its metadata is queued for the end.
         */
        private final class DirectoryWalk extends RecursiveAction {
            private final String dirPath;
            /** The directory's node in its parent's tree; null for the root. */
            private final Node node;
            private Tree tree;
            private final List<String> includes;
            private final int depth;

            DirectoryWalk(String dirPath, Node node, Tree tree, List<String> includes, int depth) {
                this.dirPath = dirPath;
                this.node = node;
                this.tree = tree;
                this.includes = includes;
                this.depth = depth;
            }

            @Override
            protected void compute() {
                request.cancellation().throwIfCancelled();
                if (refused != null) {
                    return;
                }
                if (tree == null) {
                    try {
                        tree = repo.loadTree(node.subtree());
                    } catch (RepositoryException e) {
                        failed.add(new FailedFile(dirPath, "directory listing unreadable: " + e.getMessage()));
                        return;
                    }
                }
                List<DirectoryWalk> subdirectories = new ArrayList<>();
                for (Node n : tree.nodes()) {
                    request.cancellation().throwIfCancelled();
                    if (refused != null) {
                        break;
                    }
                    String path = dirPath + "/" + n.name();
                    boolean sel = selected(path, includes);
                    if (!sel && !(n.type() == FileType.DIRECTORY && onTheWay(path, includes))) {
                        continue;
                    }
                    try {
                        switch (n.type()) {
                            case DIRECTORY -> {
                                output.createDirectory(path);
                                directories.incrementAndGet();
                                subdirectories.add(new DirectoryWalk(path, n, null, sel ? List.of() : includes, depth + 1));
                            }
                            case FILE -> file(path, n);
                            case SYMLINK -> {
                                output.createSymlink(path, n.meta().symlinkTarget());
                                output.applyMetadata(path, n.meta());
                                others.incrementAndGet();
                            }
                            case SOCKET -> others.incrementAndGet(); // recorded, not recreated: a socket exists only while a process listens on it
                            default -> {
                                output.createSpecial(path, n.meta());
                                output.applyMetadata(path, n.meta());
                                others.incrementAndGet();
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        if (e instanceof CancelledException ce) {
                            throw ce;
                        }
                        failed(path, e.getMessage() == null ? e.toString() : e.getMessage(), e);
                    }
                }
                invokeAll(subdirectories);
                if (node != null) {
                    dirMeta.add(new DirectoryMeta(dirPath, node, depth));
                }
            }
        }

        private void file(String path, Node n) {
            meter.filesTotal.incrementAndGet();
            meter.bytesTotal.addAndGet(n.meta().size());
            if (n.meta().isHardLinked()) {
                String key = n.meta().device() + ":" + n.meta().inode();
                String first = firstLinkPath.putIfAbsent(key, path);
                if (first != null) {
                    links.add(new String[] {path, first});
                    return;
                }
            }
            if (n.content().size() == 1) {
                Optional<BlobLocation> loc = repo.locate(n.content().getFirst());
                if (loc.isPresent() && loc.get().rawLength() <= maxSpan / 2) {
                    singleBlobFilesByPack.computeIfAbsent(loc.get().packId(), k -> new ConcurrentLinkedQueue<>())
                            .add(new FileJob(path, n, loc.get()));
                    return;
                }
            }
            otherFiles.add(new FileJob(path, n, null));
        }

        // ------------------------------------------------------------ phase 2: contents

        void restoreContents() {
            // files of several blobs, or of one larger than half a span (or not located), go first, on at most
            // LARGE_FILES_AT_ONCE workers taking them one after another; the other workers start on the spans
            Queue<FileJob> large = new ConcurrentLinkedQueue<>();
            for (FileJob job : otherFiles) {
                if (job.node().content().isEmpty()) {
                    pool.execute(() -> restoreFile(job.path(), job.node(), repo::loadBlobShared));
                } else {
                    large.add(job);
                }
            }
            for (int i = 0; i < Math.min(LARGE_FILES_AT_ONCE, large.size()); i++) {
                pool.execute(() -> {
                    for (FileJob job = large.poll(); job != null && !stopped(); job = large.poll()) {
                        restoreFile(job.path(), job.node(), repo::loadBlobShared);
                    }
                });
            }
            // a restore of few small files still keeps the workers busy: spans of at most this many files
            int singleBlobFiles = singleBlobFilesByPack.values().stream().mapToInt(Queue::size).sum();
            int maxFiles = Math.max(1, Math.ceilDiv(singleBlobFiles, 2 * request.workers()));
            List<BlobId> packs = new ArrayList<>(singleBlobFilesByPack.keySet());
            packs.sort(Comparator.naturalOrder());
            List<List<Runnable>> spansByPack = new ArrayList<>();
            for (BlobId pack : packs) {
                List<FileJob> jobs = new ArrayList<>(singleBlobFilesByPack.get(pack));
                jobs.sort(Comparator.comparingInt((FileJob j) -> j.location().offset()));
                List<Runnable> spans = new ArrayList<>();
                int first = 0;
                long spanStart = jobs.getFirst().location().offset();
                long spanEnd = spanStart;
                for (int i = 0; i < jobs.size(); i++) {
                    BlobLocation loc = jobs.get(i).location();
                    long end = (long) loc.offset() + loc.storedLength();
                    if (i > first && (loc.offset() - spanEnd > MAX_GAP || end - spanStart > maxSpan || i - first == maxFiles)) {
                        spans.add(span(pack, spanStart, spanEnd, jobs.subList(first, i)));
                        first = i;
                        spanStart = loc.offset();
                    }
                    spanEnd = Math.max(spanEnd, end);
                }
                spans.add(span(pack, spanStart, spanEnd, jobs.subList(first, jobs.size())));
                spansByPack.add(spans);
            }
            // Round robin over packs: a pack holds the files of a stretch of the backup's walk, so
            // workers on different packs create files in different directories. Creating files in one
            // directory from several threads serialises on the directory's lock in the kernel.
            for (int round = 0; !spansByPack.isEmpty(); round++) {
                int r = round;
                spansByPack.removeIf(spans -> spans.size() <= r);
                for (List<Runnable> spans : spansByPack) {
                    pool.execute(spans.get(r));
                }
            }
            await(pool);
        }

        private ExecutorService newPool() {
            return Executors.newFixedThreadPool(request.workers(), Thread.ofPlatform().name("strata-restore-worker").daemon().factory());
        }

        /** Runs {@code tasks} on {@code workers} and waits for all of them; a cancelled restore skips those not begun. */
        private void runAll(ExecutorService workers, List<Runnable> tasks) {
            List<Callable<Object>> calls = new ArrayList<>();
            for (Runnable task : tasks) {
                calls.add(Executors.callable(() -> {
                    if (!request.cancellation().isCancelled()) {
                        task.run();
                    }
                }));
            }
            try {
                workers.invokeAll(calls);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            request.cancellation().throwIfCancelled();
        }

        /** Shuts {@code workers} down once their tasks are done, stopping them when the restore is cancelled. */
        private void await(ExecutorService workers) {
            workers.shutdown();
            try {
                while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
                    if (request.cancellation().isCancelled()) {
                        workers.shutdownNow();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            request.cancellation().throwIfCancelled();
        }

        private Runnable span(BlobId pack, long start, long end, List<FileJob> jobs) {
            return () -> restoreSpan(pack, start, (int) (end - start), jobs);
        }

        /** Restores files whose single blobs lie in {@code [start, start + length)} of one pack. */
        private void restoreSpan(BlobId packId, long start, int length, List<FileJob> jobs) {
            if (stopped()) {
                return;
            }
            String packName = Repository.packName(packId);
            byte[] span;
            try {
                span = repo.readPackRange(packId, start, length, null);
            } catch (RepositoryException e) {
                span = null; // each file then reads its blob alone and fails or succeeds on its own
            }
            byte[] bytes = span;
            for (FileJob job : jobs) {
                BlobLocation loc = job.location();
                BlobId blob = job.node().content().getFirst();
                restoreFile(job.path(), job.node(), id -> bytes == null || !id.equals(blob)
                        ? repo.loadBlobShared(id)
                        : repo.openBlobShared(packName, id, loc.storedLength(), loc.rawLength(), loc.compressed(),
                                bytes, (int) (loc.offset() - start)));
            }
        }

        private void restoreFile(String path, Node n, BlobSource source) {
            if (stopped()) {
                return;
            }
            meter.current(path);
            String failure = null;
            Exception cause = null;
            try (OutputFile out = output.createFile(path, n.meta())) {
                List<BlobId> content = n.content();
                boolean single = content.size() == 1 && Arrays.equals(content.getFirst().bytes(), n.fileSha256());
                MessageDigest md = single ? null : Sha256.newDigest();
                long offset = 0;
                for (BlobId id : content) {
                    OpenedBlob plain = source.open(id);
                    writeSparse(out, offset, plain.buffer(), plain.length());
                    if (md != null) {
                        md.update(plain.buffer(), 0, plain.length());
                    }
                    offset += plain.length();
                    meter.bytesDone.addAndGet(plain.length());
                }
                out.finish(offset);
                if (offset != n.meta().size()) {
                    failure = "restored " + offset + " bytes, snapshot records " + n.meta().size();
                } else if (md != null && !Arrays.equals(md.digest(), n.fileSha256())) {
                    failure = "content does not match the recorded SHA-256";
                } else {
                    out.commit(); // only verified content replaces what is at the path
                    verified.incrementAndGet();
                    bytes.addAndGet(offset);
                }
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
                cause = e;
            }
            if (failure != null) { // closed uncommitted: whatever was at the path is still there
                failed(path, failure, cause);
                failedPaths.put(path, true);
                return;
            }
            try {
                output.applyMetadata(path, n.meta());
            } catch (IOException | RuntimeException e) {
                failed(path, "metadata: " + e.getMessage(), e);
            }
            files.incrementAndGet();
            meter.filesDone.incrementAndGet();
        }

        /** Writes only the 4 KiB blocks (aligned to the file offset) that are not all zero: zeros become holes. */
        private void writeSparse(OutputFile out, long offset, byte[] plain, int length) throws IOException {
            int i = 0;
            int runStart = -1;
            while (i < length) {
                int blockEnd = (int) Math.min(length, i + (BLOCK - ((offset + i) % BLOCK)));
                int len = blockEnd - i;
                boolean zero = Arrays.mismatch(plain, i, blockEnd, ZERO_BLOCK, 0, len) < 0;
                if (zero) {
                    if (runStart >= 0) {
                        out.write(offset + runStart, plain, runStart, i - runStart);
                        runStart = -1;
                    }
                } else if (runStart < 0) {
                    runStart = i;
                }
                i = blockEnd;
            }
            if (runStart >= 0) {
                out.write(offset + runStart, plain, runStart, length - runStart);
            }
        }

        // ------------------------------------------------------------ links and directory metadata

        /** Hard links once their targets are written, then directory metadata, deeper directories first. */
        void finish() {
            ExecutorService workers = newPool();
            try {
                List<Runnable> linking = new ArrayList<>();
                for (String[] link : links) {
                    linking.add(() -> hardLink(link[0], link[1]));
                }
                if (refused == null) { // a link takes a directory entry: none is made on a full (or read-only) target
                    runAll(workers, linking);
                }
                Map<Integer, List<Runnable>> byDepth = new TreeMap<>(Comparator.reverseOrder());
                for (DirectoryMeta d : dirMeta) {
                    byDepth.computeIfAbsent(d.depth(), k -> new ArrayList<>()).add(() -> directoryMetadata(d));
                }
                if (refused == null || refused.reason() != WriteRefusal.READ_ONLY) {
                    for (List<Runnable> level : byDepth.values()) { // a level's directories hold none of each other
                        runAll(workers, level);
                    }
                } // a read-only target would refuse each directory's metadata alike
            } finally {
                workers.shutdownNow();
            }
        }

        private void hardLink(String path, String target) {
            if (failedPaths.containsKey(target)) {
                failed.add(new FailedFile(path, "hard link target " + target + " failed"));
                return;
            }
            try {
                output.createHardLink(path, target);
                files.incrementAndGet();
                verified.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                failed(path, "hard link: " + e.getMessage(), e);
            }
        }

        private void directoryMetadata(DirectoryMeta d) {
            try {
                output.applyMetadata(d.path(), d.node().meta());
            } catch (IOException | RuntimeException e) {
                failed.add(new FailedFile(d.path(), "metadata: " + e.getMessage()));
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
            meter.close();
        }
    }
}
