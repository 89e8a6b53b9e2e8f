package io.strata.engine.archiver;

import io.strata.engine.blob.BlobId;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.progress.CancelledException;
import io.strata.engine.progress.ProgressMeter;
import io.strata.engine.repository.BlobWriter;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.repository.RepositoryLock;
import io.strata.engine.source.BulkVisitor;
import io.strata.engine.source.ReadStamp;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.snapshot.SnapshotStats;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backs up a {@link Source} into a {@link Repository}.
 *
 * <p>Pipeline: the calling thread walks the source depth-first (listing and stat only); regular
 * files that the parent snapshot does not have unchanged go to a pool of {@code workers} threads,
 * each reading, chunking, hashing, compressing and sealing with its own buffers; packs upload on
 * the write session's threads. At most {@value #MAX_FILES_IN_FLIGHT} files are queued or being
 * read at once, so memory does not grow with the number of files. A directory's tree blob is
 * written when its last child completes, so trees are written bottom-up and a directory's
 * listing is held only while its children are in flight.
 *
 * <p>Batches: small changed files are gathered in batches, each read with one {@link Source#readMany};
 * larger and hard-linked files keep the parallel per-file path. When the source reads many files
 * through one stream ({@link Source#bulkReadStreams} above 0, e.g. a remote server's {@code tar}),
 * batches hold files of up to {@value #BULK_MAX_FILE_SIZE} bytes (and larger ones the source asks for,
 * {@link Source#readInBatch}), up to {@value #BULK_MAX_FILES} files
 * or {@value #BULK_MAX_BYTES} bytes, and run on threads of their own, that many at once: per-file round
 * trips then no longer bound a tree of many small files. A source read file by file (the local file
 * system; {@code readMany}'s default opens each file) gets batches of files of up to
 * {@value #LOCAL_MAX_FILE_SIZE} bytes, up to {@value #LOCAL_MAX_FILES} files or {@value #LOCAL_MAX_BYTES}
 * bytes, run by the workers: one task, and one wake-up of the walking thread, per batch instead of per
 * file (on a tree of small files these hand-offs cost more CPU than reading a file).
 *
 * <p>Safety: a backup holds a shared repository lock; the snapshot is written only after every
 * pack and the session's index are stored and the lock is verified fresh. A cancelled or failed
 * backup writes no snapshot.
 */
public final class Archiver {
    static final int MAX_FILES_IN_FLIGHT = 512;
    /** Largest file read in a batch when the source reads in bulk. */
    static final long BULK_MAX_FILE_SIZE = 1L << 20;
    /** A batch is sent when it holds this many files ... */
    static final int BULK_MAX_FILES = 2048;
    /** ... or this many bytes. */
    static final long BULK_MAX_BYTES = 64L << 20;
    /** Largest file read in a batch when the source reads file by file. */
    static final long LOCAL_MAX_FILE_SIZE = 128L << 10;
    /** Such a batch is sent when it holds this many files ... */
    static final int LOCAL_MAX_FILES = 32;
    /** ... or this many bytes. */
    static final long LOCAL_MAX_BYTES = 1L << 20;
    private final Repository repo;
    private final Source source;

    public Archiver(Repository repo, Source source) {
        this.repo = repo;
        this.source = source;
    }

    /** The newest snapshot of exactly these paths from this host, to use as parent when the caller names none. */
    public static SnapshotId latestSnapshotOf(Repository repo, List<String> paths, String hostname) {
        List<String> wanted = paths.stream().map(SourcePaths::normalize).sorted().toList();
        SnapshotId best = null;
        Instant bestTime = null;
        for (Repository.SnapshotEntry e : repo.snapshots()) {
            List<String> have = e.snapshot().paths().stream().sorted().toList();
            if (have.equals(wanted) && Objects.equals(e.snapshot().hostname(), hostname)
                    && (bestTime == null || !e.snapshot().time().isBefore(bestTime))) {
                best = e.id();
                bestTime = e.snapshot().time();
            }
        }
        return best;
    }

    public BackupResult backup(BackupRequest request) {
        List<String> paths = request.paths().stream().map(SourcePaths::normalize).distinct().sorted().toList();
        List<String> missing = new ArrayList<>();
        for (String p : paths) {
            try {
                source.stat(p);
            } catch (IOException e) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingSourcePathException(missing);
        }
        Tree parentRoot = null;
        if (request.parent() != null) {
            Snapshot parent = repo.loadSnapshot(request.parent());
            try {
                parentRoot = repo.loadTree(parent.tree());
            } catch (RepositoryException e) {
                // its trees are unreadable (a lost index, a damaged pack): everything is read, as for a full
                // backup, and the snapshot is complete all the same; 'check' reports the damage
                parentRoot = null;
            }
        }
        RepositoryLock lock = request.dryRun() ? null : repo.lockShared("backup " + String.join(" ", paths));
        try (Run run = new Run(request, repo.newWriter(request.dryRun()))) {
            BlobId rootTree = run.archiveRoots(paths, parentRoot);
            run.meter.scanComplete();
            request.cancellation().throwIfCancelled();
            run.writer.flush();
            Duration duration = run.meter.elapsed();
            SnapshotStats stats = new SnapshotStats(run.filesScanned.get(), run.filesRead.get(), run.filesUnchanged.get(),
                    run.bytesScanned.get(), run.bytesRead.get(), run.bytesNew.get(), run.bytesStored.get(), duration,
                    run.changed.size(), run.errors.size());
            SnapshotId id = null;
            if (!request.dryRun()) {
                lock.checkValid();
                id = repo.saveSnapshot(new Snapshot(repo.options().clock().instant(), request.hostname(),
                        request.username(), paths, request.tags(), request.level(), request.parent(), rootTree, stats,
                        Repository.ENGINE_VERSION));
            }
            return new BackupResult(id, stats.filesScanned(), stats.filesRead(), stats.filesUnchanged(),
                    stats.bytesScanned(), stats.bytesRead(), stats.bytesNew(), stats.bytesStored(), duration,
                    List.copyOf(run.changed), List.copyOf(run.errors), request.dryRun());
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }

    /**
     * Stores a byte stream as one file in a new snapshot, without temporary files. The stream is
     * read to its end (not closed). A failure or cancellation while reading writes no snapshot.
     */
    public BackupResult backupStream(StreamBackupRequest request, InputStream in) {
        String path = SourcePaths.normalize(request.path());
        List<String> parts = SourcePaths.components(path);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a stream needs a file name");
        }
        BackupRequest asBackup = new BackupRequest(List.of(path), BackupLevel.FULL, null, request.hostname(),
                request.username(), request.tags(), p -> false, request.dryRun(), request.progress(),
                request.cancellation(), 1);
        RepositoryLock lock = request.dryRun() ? null : repo.lockShared("stream backup " + path);
        try (Run run = new Run(asBackup, repo.newWriter(request.dryRun()))) {
            Instant now = repo.options().clock().instant();
            long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            ChunkingReader reader = new ChunkingReader(repo.chunker());
            ChunkingReader.Content c;
            try {
                c = reader.read(ChunkingReader.of(in), run.writer, request.cancellation(), n -> run.meter.bytesDone.addAndGet(n));
            } catch (IOException e) {
                throw new RepositoryException("reading the stream for " + path + " failed: " + e.getMessage(), e);
            }
            run.filesScanned.incrementAndGet();
            run.filesRead.incrementAndGet();
            run.bytesScanned.addAndGet(c.bytesRead());
            run.bytesRead.addAndGet(c.bytesRead());
            run.bytesNew.addAndGet(c.bytesNew());
            run.bytesStored.addAndGet(c.bytesStored());
            FileMetadata fileMeta = new FileMetadata(FileType.FILE, request.mode(), 0, 0, null, null, c.bytesRead(),
                    nowNanos, nowNanos, 0, 0, 0, 1, 0, null, List.of());
            Node node = Node.file(parts.getLast(), fileMeta, c.blobs(), c.sha256(), false);
            for (int i = parts.size() - 2; i >= -1; i--) {
                BlobId tree = run.saveTree(new Tree(List.of(node)));
                if (i < 0) {
                    request.cancellation().throwIfCancelled();
                    run.writer.flush();
                    Duration duration = run.meter.elapsed();
                    SnapshotStats stats = new SnapshotStats(1, 1, 0, c.bytesRead(), c.bytesRead(), run.bytesNew.get(),
                            run.bytesStored.get(), duration, 0, 0);
                    SnapshotId id = null;
                    if (!request.dryRun()) {
                        lock.checkValid();
                        id = repo.saveSnapshot(new Snapshot(now, request.hostname(), request.username(), List.of(path),
                                request.tags(), BackupLevel.FULL, null, tree, stats, Repository.ENGINE_VERSION));
                    }
                    return new BackupResult(id, 1, 1, 0, c.bytesRead(), c.bytesRead(), stats.bytesNew(),
                            stats.bytesStored(), duration, List.of(), List.of(), request.dryRun());
                }
                FileMetadata dirMeta = new FileMetadata(FileType.DIRECTORY, 0700, 0, 0, null, null, 0, nowNanos,
                        nowNanos, 0, 0, 0, 1, 0, null, List.of());
                node = Node.directory(parts.get(i), dirMeta, tree);
            }
            throw new IllegalStateException("unreachable");
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }

    /** State of one backup run. */
    private final class Run implements AutoCloseable {
        final BackupRequest request;
        final BlobWriter writer;
        final ProgressMeter meter;
        final ExecutorService workers;
        final Semaphore inFlight = new Semaphore(MAX_FILES_IN_FLIGHT);
        final ThreadLocal<ChunkingReader> readers;
        final Map<String, CompletableFuture<ChunkingReader.Content>> hardLinks = new ConcurrentHashMap<>();
        final AtomicLong filesScanned = new AtomicLong();
        final AtomicLong filesRead = new AtomicLong();
        final AtomicLong filesUnchanged = new AtomicLong();
        final AtomicLong bytesScanned = new AtomicLong();
        final AtomicLong bytesRead = new AtomicLong();
        final AtomicLong bytesNew = new AtomicLong();
        final AtomicLong bytesStored = new AtomicLong();
        final ConcurrentLinkedQueue<String> changed = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<FileError> errors = new ConcurrentLinkedQueue<>();
        /**
         * Directory listings and parent trees of the subdirectories of the directory being walked,
         * fetched ahead on two threads of their own: the walk is then not bound by one thread's
         * stat and decrypt latency (an unchanged rescan is nothing but this walk).
         */
        final ExecutorService prefetcher;
        final Map<String, CompletableFuture<List<SourceEntry>>> listings = new ConcurrentHashMap<>();
        final Map<BlobId, CompletableFuture<Tree>> parentTrees = new ConcurrentHashMap<>();
        /**
         * How changed small files are read, decided at the first one ({@link #batchMode}): a backup that
         * reads none (an unchanged rescan) never asks the source, whose answer may cost a remote server a
         * login. Set under this run's monitor, with {@link #closed}.
         */
        private volatile BatchMode batchMode;
        private boolean closed;
        /** The batch being gathered, by the walking thread only. */
        List<BulkItem> batch = new ArrayList<>();
        long batchBytes;

        Run(BackupRequest request, BlobWriter writer) {
            this.request = request;
            this.writer = writer;
            this.meter = new ProgressMeter(repo.options().clock(), request.progress(), Duration.ofMillis(500));
            this.workers = Executors.newFixedThreadPool(request.workers(),
                    Thread.ofPlatform().name("strata-backup-worker").daemon().factory());
            this.readers = ThreadLocal.withInitial(() -> new ChunkingReader(repo.chunker()));
            this.prefetcher = Executors.newFixedThreadPool(2,
                    Thread.ofPlatform().name("strata-backup-prefetch").daemon().factory());
        }

        /**
         * The limits of a batch and who reads it, by how the source reads (see the class comment). The source is
         * asked outside this run's monitor, so that {@link #close} never waits for its answer.
         */
        private BatchMode batchMode() {
            BatchMode mode = batchMode;
            if (mode != null) {
                return mode;
            }
            int streams = source == null ? 0 : source.bulkReadStreams();
            synchronized (this) {
                if (closed) {
                    throw new CancelledException();
                }
                if (batchMode == null) {
                    batchMode = streams <= 0 ? BatchMode.FILE_BY_FILE : BatchMode.bulk(streams);
                }
                return batchMode;
            }
        }

        private void prefetch(String path, Node parentNode) {
            listings.computeIfAbsent(path, p -> CompletableFuture.supplyAsync(() -> {
                try {
                    return source.list(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, prefetcher));
            if (parentNode != null && parentNode.type() == FileType.DIRECTORY) {
                parentTrees.computeIfAbsent(parentNode.subtree(),
                        id -> CompletableFuture.supplyAsync(() -> repo.loadTree(id), prefetcher));
            }
        }

        private List<SourceEntry> listing(String path) throws IOException {
            CompletableFuture<List<SourceEntry>> f = listings.remove(path);
            if (f == null) {
                return source.list(path);
            }
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof java.io.UncheckedIOException u) {
                    throw u.getCause();
                }
                throw e;
            }
        }

        BlobId saveTree(Tree tree) {
            BlobWriter.SaveResult r;
            byte[] plain = io.strata.engine.tree.TreeCodec.encode(tree);
            BlobId id = BlobId.ofContent(plain, 0, plain.length);
            r = writer.save(io.strata.engine.blob.BlobType.TREE, id, plain, 0, plain.length);
            if (r.isNew()) {
                bytesNew.addAndGet(plain.length);
                bytesStored.addAndGet(r.storedBytes());
            }
            return id;
        }

        /** Builds the root tree: intermediate directories down to each path, the paths archived whole. */
        BlobId archiveRoots(List<String> paths, Tree parentRoot) {
            if (paths.contains("/")) {
                try {
                    FileMetadata meta = source.stat("/");
                    CompletableFuture<Node> root = directory("/", meta, parentRoot);
                    sendBatch();
                    return await(root).subtree();
                } catch (IOException e) {
                    throw new MissingSourcePathException(List.of("/"));
                }
            }
            PathTrie trie = new PathTrie();
            paths.forEach(trie::add);
            CompletableFuture<BlobId> root = level("/", trie, parentRoot);
            sendBatch();
            return await(root);
        }

        private CompletableFuture<BlobId> level(String dir, PathTrie trie, Tree parentTree) {
            List<CompletableFuture<Node>> children = new ArrayList<>();
            for (Map.Entry<String, PathTrie> e : trie.children.entrySet()) {
                String name = e.getKey();
                String path = SourcePaths.join(dir, name);
                FileMetadata meta;
                try {
                    meta = source.stat(path);
                } catch (IOException ex) {
                    throw new MissingSourcePathException(List.of(path));
                }
                Node parentNode = parentTree == null ? null : parentTree.find(name).orElse(null);
                if (e.getValue().target) {
                    children.add(entry(path, new SourceEntry(name, meta), parentNode));
                } else {
                    Tree sub = parentSubtree(parentNode);
                    FileMetadata withX = withXattrs(path, meta, parentNode);
                    children.add(level(path, e.getValue(), sub).thenApply(id -> Node.directory(name, withX, id)));
                }
            }
            return allOf(children).thenApply(nodes -> saveTree(new Tree(nodes)));
        }

        private Tree parentSubtree(Node parentNode) {
            if (parentNode == null || parentNode.type() != FileType.DIRECTORY) {
                return null;
            }
            try {
                CompletableFuture<Tree> f = parentTrees.remove(parentNode.subtree());
                return f != null ? f.join() : repo.loadTree(parentNode.subtree());
            } catch (RepositoryException | CompletionException e) {
                return null; // an unreadable parent only costs rereading
            }
        }

        private FileMetadata withXattrs(String path, FileMetadata meta, Node parentNode) {
            if (parentNode != null && parentNode.type() == meta.type() && meta.ctimeNanos() != 0
                    && parentNode.meta().ctimeNanos() == meta.ctimeNanos() && parentNode.meta().inode() == meta.inode()) {
                return copyXattrs(meta, parentNode.meta().xattrs());
            }
            try {
                return copyXattrs(meta, source.xattrs(path));
            } catch (IOException e) {
                return meta;
            }
        }

        private static FileMetadata copyXattrs(FileMetadata m, List<Xattr> x) {
            return x.isEmpty() ? m : m.withXattrs(x);
        }

        private CompletableFuture<Node> entry(String path, SourceEntry e, Node parentNode) {
            FileMetadata meta = e.metadata();
            return switch (meta.type()) {
                case DIRECTORY -> {
                    Tree sub = parentSubtree(parentNode);
                    yield directory(path, withXattrs(path, meta, parentNode), sub)
                            .thenApply(n -> Node.directory(e.name(), n.meta(), n.subtree()));
                }
                case FILE -> file(path, e.name(), meta, parentNode);
                default -> CompletableFuture.completedFuture(Node.other(e.name(), withXattrs(path, meta, parentNode)));
            };
        }

        /** Lists and archives a directory; the returned node's name is a placeholder for the caller to set. */
        private CompletableFuture<Node> directory(String path, FileMetadata meta, Tree parentTree) {
            request.cancellation().throwIfCancelled();
            List<SourceEntry> entries;
            try {
                entries = new ArrayList<>(listing(path));
            } catch (IOException ex) {
                errors.add(new FileError(path, FileError.Kind.UNLISTABLE, "cannot list: " + ex.getMessage()));
                entries = new ArrayList<>();
            }
            entries.sort(Comparator.comparing(SourceEntry::name));
            for (SourceEntry e : entries) {
                if (e.metadata().type() == FileType.DIRECTORY) {
                    String child = SourcePaths.join(path, e.name());
                    if (!request.exclude().test(child)) {
                        prefetch(child, parentTree == null ? null : parentTree.find(e.name()).orElse(null));
                    }
                }
            }
            List<CompletableFuture<Node>> children = new ArrayList<>(entries.size());
            for (SourceEntry e : entries) {
                String child = SourcePaths.join(path, e.name());
                if (request.exclude().test(child)) {
                    continue;
                }
                Node parentNode = parentTree == null ? null : parentTree.find(e.name()).orElse(null);
                children.add(entry(child, e, parentNode));
            }
            String name = path.equals("/") ? "root" : path.substring(path.lastIndexOf('/') + 1);
            return allOf(children).thenApply(nodes -> Node.directory(name, meta, saveTree(new Tree(nodes))));
        }

        /**
         * Whether the parent snapshot's file is this one unchanged: same size, mtime, ctime and inode, and its
         * blobs still in the repository. A parent entry recorded with neither ctime nor inode (listed by a
         * source that has none, such as SFTP v3, whose times are whole seconds) is compared on what it has:
         * size and the whole second of its mtime; otherwise the first backup after such a source gains
         * finer metadata (a server listed through its find) would read every file again.
         */
        private boolean unchanged(Node p, FileMetadata m) {
            if (p == null || p.type() != FileType.FILE || p.changedDuringRead()) {
                return false;
            }
            FileMetadata o = p.meta();
            boolean differs = o.ctimeNanos() == 0 && o.inode() == 0
                    ? ReadStamp.toTheSecond(o.size(), o.mtimeNanos()).differsFrom(m)
                    : o.size() != m.size() || o.mtimeNanos() != m.mtimeNanos() || o.ctimeNanos() != m.ctimeNanos()
                            || (m.inode() != 0 && o.inode() != m.inode());
            if (differs) {
                return false;
            }
            for (BlobId b : p.content()) {
                if (!writer.known(b)) {
                    return false;
                }
            }
            return true;
        }

        private CompletableFuture<Node> file(String path, String name, FileMetadata meta, Node parentNode) {
            filesScanned.incrementAndGet();
            bytesScanned.addAndGet(meta.size());
            meter.filesTotal.incrementAndGet();
            meter.bytesTotal.addAndGet(meta.size());
            if (unchanged(parentNode, meta)) {
                filesUnchanged.incrementAndGet();
                meter.filesDone.incrementAndGet();
                meter.bytesDone.addAndGet(meta.size());
                FileMetadata withX = copyXattrs(meta, parentNode.meta().xattrs());
                return CompletableFuture.completedFuture(
                        Node.file(name, withX, parentNode.content(), parentNode.fileSha256(), false));
            }
            BatchMode mode = meta.isHardLinked() ? null : batchMode();
            if (mode != null && (meta.size() <= mode.maxFileSize()
                    || (mode.readers() != null && source.readInBatch(path, meta)))) {
                CompletableFuture<Node> node = new CompletableFuture<>();
                batch.add(new BulkItem(path, name, meta, parentNode, node));
                batchBytes += meta.size();
                if (batch.size() >= mode.maxFiles() || batchBytes >= mode.maxBytes()) {
                    sendBatch();
                }
                return node;
            }
            CompletableFuture<ChunkingReader.Content> content;
            if (meta.isHardLinked()) {
                CompletableFuture<ChunkingReader.Content> mine = new CompletableFuture<>();
                CompletableFuture<ChunkingReader.Content> existing = hardLinks.putIfAbsent(meta.device() + ":" + meta.inode(), mine);
                if (existing != null) {
                    return existing.thenApply(c -> c == null ? null
                            : Node.file(name, meta.withSize(c.bytesRead()), c.blobs(), c.sha256(), false));
                }
                content = mine;
            } else {
                content = new CompletableFuture<>();
            }
            CompletableFuture<Node> node = new CompletableFuture<>();
            acquire(inFlight, 1);
            workers.execute(() -> {
                try {
                    readFile(path, name, meta, parentNode, content, node);
                } catch (Throwable t) {
                    content.completeExceptionally(t);
                    node.completeExceptionally(t);
                } finally {
                    inFlight.release();
                }
            });
            return node;
        }

        private static void acquire(Semaphore semaphore, int permits) {
            try {
                semaphore.acquire(permits);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }

        private void readFile(String path, String name, FileMetadata meta, Node parentNode,
                CompletableFuture<ChunkingReader.Content> contentOut, CompletableFuture<Node> nodeOut) {
            request.cancellation().throwIfCancelled();
            meter.current(path);
            FileMetadata withX = withXattrs(path, meta, parentNode);
            ChunkingReader.Content c;
            try (ReadableByteChannel ch = source.open(path)) {
                c = readers.get().read(ChunkingReader.of(ch), writer, request.cancellation(),
                        n -> meter.bytesDone.addAndGet(n));
            } catch (IOException ex) {
                unreadable(path, ex);
                contentOut.complete(null);
                nodeOut.complete(null);
                return;
            }
            boolean changedWhileReading = c.bytesRead() != meta.size() || changedSince(path, meta);
            done(path, name, withX, c, changedWhileReading, contentOut, nodeOut);
        }

        /** Whether a stat now differs from the listing's (or fails): the file changed while it was read. */
        private boolean changedSince(String path, FileMetadata meta) {
            try {
                return source.changedSince(path, meta);
            } catch (IOException e) {
                return true;
            }
        }

        private void unreadable(String path, IOException ex) {
            errors.add(ex instanceof NoSuchFileException
                    ? new FileError(path, FileError.Kind.VANISHED, "vanished before it could be read")
                    : new FileError(path, FileError.Kind.UNREADABLE, "cannot read: " + ex.getMessage()));
        }

        private void done(String path, String name, FileMetadata withX, ChunkingReader.Content c,
                boolean changedWhileReading, CompletableFuture<ChunkingReader.Content> contentOut,
                CompletableFuture<Node> nodeOut) {
            filesRead.incrementAndGet();
            bytesRead.addAndGet(c.bytesRead());
            bytesNew.addAndGet(c.bytesNew());
            bytesStored.addAndGet(c.bytesStored());
            meter.filesDone.incrementAndGet();
            if (changedWhileReading) {
                changed.add(path);
            }
            contentOut.complete(c);
            nodeOut.complete(Node.file(name, withX.withSize(c.bytesRead()), c.blobs(), c.sha256(), changedWhileReading));
        }

        /**
         * Hands the batch gathered so far to a bulk reader, waiting while as many batches are queued as are
         * running; for a source read file by file, to a worker, taking a slot per file (released when the
         * batch is done), as the per-file path does.
         */
        void sendBatch() {
            if (batch.isEmpty()) {
                return;
            }
            List<BulkItem> items = batch;
            batch = new ArrayList<>();
            batchBytes = 0;
            BatchMode mode = batchMode();
            Semaphore permits = mode.readers() != null ? mode.batches() : inFlight;
            int taken = mode.readers() != null ? 1 : items.size();
            acquire(permits, taken);
            (mode.readers() != null ? mode.readers() : workers).execute(() -> {
                try {
                    readBatch(items);
                } catch (Throwable t) {
                    items.forEach(i -> i.node.completeExceptionally(t));
                } finally {
                    permits.release(taken);
                }
            });
        }

        /**
         * Reads a batch through one {@link Source#readMany}. Without a {@link ReadStamp} a file is
         * stat'ed after reading, as on the per-file path; with one, the stamp is compared with the
         * listing and the source reports later changes itself. Files the stream did not reach (it
         * broke) are read one by one.
         */
        private void readBatch(List<BulkItem> items) {
            request.cancellation().throwIfCancelled();
            Map<String, BulkItem> byPath = new LinkedHashMap<>();
            for (BulkItem i : items) {
                byPath.put(i.path, i);
            }
            BulkVisitor visitor = new BulkVisitor() {
                @Override
                public void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException {
                    BulkItem i = byPath.get(path);
                    if (i == null || i.handedOver) {
                        throw new IOException("the bulk reader handed over " + path + " out of turn");
                    }
                    i.handedOver = true;
                    meter.current(path);
                    try {
                        i.content = readers.get().read(ChunkingReader.of(content), writer, request.cancellation(),
                                n -> meter.bytesDone.addAndGet(n));
                    } catch (IOException e) {
                        i.error = e;
                        throw e;
                    }
                    i.changed |= i.content.bytesRead() != i.meta.size()
                            || (stamp == null ? changedSince(path, i.meta) : stamp.differsFrom(i.meta));
                }

                @Override
                public void failed(String path, IOException cause) {
                    BulkItem i = byPath.get(path);
                    if (i != null && !i.handedOver) {
                        i.handedOver = true;
                        i.error = cause;
                    }
                }

                @Override
                public void changedWhileRead(String path) {
                    BulkItem i = byPath.get(path);
                    if (i != null) {
                        i.changed = true;
                    }
                }
            };
            try {
                source.readMany(List.copyOf(byPath.keySet()), visitor);
            } catch (IOException broken) {
                if (Thread.currentThread().isInterrupted()) {
                    // the run is shutting down (failed elsewhere or cancelled): no file-by-file retry
                    throw new RepositoryException("backup stopped while reading " + paths(items), broken);
                }
                for (BulkItem i : items) {
                    if (i.handedOver && i.content == null && i.error == null) {
                        i.error = broken;
                    }
                }
            }
            for (BulkItem i : items) {
                if (i.content != null) {
                    done(i.path, i.name, withXattrs(i.path, i.meta, i.parentNode), i.content, i.changed,
                            new CompletableFuture<>(), i.node);
                } else if (i.error != null) {
                    unreadable(i.path, i.error);
                    i.node.complete(null);
                } else {
                    readFile(i.path, i.name, i.meta, i.parentNode, new CompletableFuture<>(), i.node);
                }
            }
        }

        private CompletableFuture<List<Node>> allOf(List<CompletableFuture<Node>> children) {
            return CompletableFuture.allOf(children.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<Node> nodes = new ArrayList<>(children.size());
                for (CompletableFuture<Node> c : children) {
                    Node n = c.join();
                    if (n != null) {
                        nodes.add(n);
                    }
                }
                return nodes;
            });
        }

        private <T> T await(CompletableFuture<T> f) {
            try {
                return f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new RepositoryException("backup failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }

        @Override
        public void close() {
            prefetcher.shutdownNow();
            workers.shutdownNow();
            synchronized (this) {
                closed = true;
                if (batchMode != null && batchMode.readers() != null) {
                    batchMode.readers().shutdownNow();
                }
            }
            meter.close();
            writer.close();
        }
    }

    private static String paths(List<BulkItem> items) {
        return items.size() + " files from " + items.getFirst().path;
    }

    /** A changed small file waiting in, or read by, a batch. */
    private static final class BulkItem {
        final String path;
        final String name;
        final FileMetadata meta;
        final Node parentNode;
        final CompletableFuture<Node> node;
        boolean handedOver;
        ChunkingReader.Content content;
        IOException error;
        boolean changed;

        BulkItem(String path, String name, FileMetadata meta, Node parentNode, CompletableFuture<Node> node) {
            this.path = path;
            this.name = name;
            this.meta = meta;
            this.parentNode = parentNode;
            this.node = node;
        }
    }

    /** Paths to back up as a trie of components; {@code target} marks a path archived whole. */
    private static final class PathTrie {
        final TreeMap<String, PathTrie> children = new TreeMap<>();
        boolean target;

        void add(String path) {
            PathTrie t = this;
            for (String c : SourcePaths.components(path)) {
                if (t.target) {
                    return; // an ancestor is archived whole already
                }
                t = t.children.computeIfAbsent(c, k -> new PathTrie());
            }
            t.target = true;
            t.children.clear();
        }
    }

    /**
     * Batches of a source read file by file (the workers read them, a slot per file) or in bulk (threads of
     * their own, one per stream, and a slot per batch: the walk waits when as many are queued as are running).
     */
    private record BatchMode(ExecutorService readers, Semaphore batches, long maxFileSize, int maxFiles, long maxBytes) {
        static final BatchMode FILE_BY_FILE = new BatchMode(null, null, LOCAL_MAX_FILE_SIZE, LOCAL_MAX_FILES, LOCAL_MAX_BYTES);

        static BatchMode bulk(int streams) {
            return new BatchMode(Executors.newFixedThreadPool(streams,
                    Thread.ofPlatform().name("strata-backup-bulk-reader").daemon().factory()),
                    new Semaphore(2 * streams), BULK_MAX_FILE_SIZE, BULK_MAX_FILES, BULK_MAX_BYTES);
        }
    }
}
