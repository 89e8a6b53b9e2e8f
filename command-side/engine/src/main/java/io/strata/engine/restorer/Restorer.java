package io.strata.engine.restorer;

import io.strata.engine.blob.BlobId;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.metadata.FileType;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import io.strata.engine.progress.CancelledException;
import io.strata.engine.progress.ProgressMeter;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Restores snapshots from a {@link Repository} to an {@link Output}. */
public final class Restorer {
    private static final int BLOCK = 4096;
    private static final byte[] ZERO_BLOCK = new byte[BLOCK];
    private static final int MAX_FILES_IN_FLIGHT = 256;
    private final Repository repo;

    public Restorer(Repository repo) {
        this.repo = repo;
    }

    public RestoreResult restore(RestoreRequest request, Output output) {
        Snapshot snapshot = repo.loadSnapshot(request.snapshot());
        Tree root = repo.loadTree(snapshot.tree());
        List<String> includes = request.includes().stream().map(SourcePaths::normalize).toList();
        try (Run run = new Run(request, output)) {
            run.directory("", root, includes);
            run.finish();
            return new RestoreResult(run.files.get(), run.bytes.get(), run.verified.get(), run.directories.get(),
                    run.others.get(), List.copyOf(run.failed), run.meter.elapsed());
        }
    }

    private final class Run implements AutoCloseable {
        final RestoreRequest request;
        final Output output;
        final ProgressMeter meter;
        final ExecutorService pool;
        final Semaphore inFlight = new Semaphore(MAX_FILES_IN_FLIGHT);
        final AtomicLong files = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong verified = new AtomicLong();
        final AtomicLong directories = new AtomicLong();
        final AtomicLong others = new AtomicLong();
        final ConcurrentLinkedQueue<FailedFile> failed = new ConcurrentLinkedQueue<>();
        final Map<String, String> firstLinkPath = new HashMap<>();
        final Map<String, Boolean> failedPaths = new ConcurrentHashMap<>();
        final List<String[]> links = new ArrayList<>();
        final List<Object[]> dirMeta = new ArrayList<>();
        /**
         * Files of exactly one blob (most files of a source tree), grouped by the pack holding it:
         * each group is restored from one sequential read of its pack instead of one random read per
         * file, which is what a cold page cache or remote storage punishes.
         */
        final Map<BlobId, List<Object[]>> singleBlobFilesByPack = new java.util.LinkedHashMap<>();

        Run(RestoreRequest request, Output output) {
            this.request = request;
            this.output = output;
            this.meter = new ProgressMeter(repo.options().clock(), request.progress(), Duration.ofMillis(500));
            this.pool = Executors.newFixedThreadPool(request.workers(), r -> {
                Thread t = new Thread(r, "strata-restore-worker");
                t.setDaemon(true);
                return t;
            });
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

        void directory(String dirPath, Tree tree, List<String> includes) {
            for (Node n : tree.nodes()) {
                request.cancellation().throwIfCancelled();
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
                            Tree sub;
                            try {
                                sub = repo.loadTree(n.subtree());
                            } catch (RepositoryException e) {
                                failed.add(new FailedFile(path, "directory listing unreadable: " + e.getMessage()));
                                continue;
                            }
                            directory(path, sub, sel ? List.of() : includes);
                            dirMeta.add(new Object[] {path, n});
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
                    failed.add(new FailedFile(path, e.getMessage() == null ? e.toString() : e.getMessage()));
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
                java.util.Optional<io.strata.engine.index.BlobLocation> loc = repo.locate(n.content().getFirst());
                if (loc.isPresent()) {
                    singleBlobFilesByPack.computeIfAbsent(loc.get().packId(), k -> new ArrayList<>())
                            .add(new Object[] {path, n});
                    return;
                }
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            pool.execute(() -> {
                try {
                    restoreFile(path, n, repo::loadBlob);
                } finally {
                    inFlight.release();
                }
            });
        }

        private void restorePack(BlobId packId, List<Object[]> jobs) {
            if (request.cancellation().isCancelled()) {
                return;
            }
            String packName = io.strata.engine.storage.ObjectName.of(io.strata.engine.storage.ObjectKind.PACK,
                    packId.bytes()).toString();
            byte[] pack;
            try {
                pack = repo.readPackBytes(packId);
            } catch (RepositoryException e) {
                pack = null; // each file then reads its blob alone and fails or succeeds on its own
            }
            byte[] bytes = pack;
            java.util.function.Function<BlobId, byte[]> fromPack = id -> {
                io.strata.engine.index.BlobLocation loc = repo.locate(id).orElse(null);
                if (bytes == null || loc == null || !loc.packId().equals(packId)
                        || (long) loc.offset() + loc.storedLength() > bytes.length) {
                    return repo.loadBlob(id);
                }
                return repo.openBlob(packName, id, loc.storedLength(), loc.rawLength(), loc.compressed(), bytes,
                        loc.offset());
            };
            for (Object[] job : jobs) {
                restoreFile((String) job[0], (Node) job[1], fromPack);
            }
        }

        private void restoreFile(String path, Node n, java.util.function.Function<BlobId, byte[]> loader) {
            if (request.cancellation().isCancelled()) {
                return;
            }
            meter.current(path);
            String failure = null;
            try (OutputFile out = output.createFile(path)) {
                List<BlobId> content = n.content();
                boolean single = content.size() == 1 && Arrays.equals(content.getFirst().bytes(), n.fileSha256());
                MessageDigest md = single ? null : Sha256.newDigest();
                long offset = 0;
                for (BlobId id : content) {
                    byte[] plain = loader.apply(id);
                    writeSparse(out, offset, plain);
                    if (md != null) {
                        md.update(plain);
                    }
                    offset += plain.length;
                    meter.bytesDone.addAndGet(plain.length);
                }
                out.finish(offset);
                if (offset != n.meta().size()) {
                    failure = "restored " + offset + " bytes, snapshot records " + n.meta().size();
                } else if (md != null && !Arrays.equals(md.digest(), n.fileSha256())) {
                    failure = "content does not match the recorded SHA-256";
                } else {
                    verified.incrementAndGet();
                }
                bytes.addAndGet(offset);
            } catch (IOException | RuntimeException e) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
            if (failure != null) {
                failed.add(new FailedFile(path, failure));
                failedPaths.put(path, true);
                try {
                    output.discard(path);
                } catch (IOException ignored) {
                    // the failure is reported; a leftover partial file is named by it
                }
                return;
            }
            try {
                output.applyMetadata(path, n.meta());
            } catch (IOException e) {
                failed.add(new FailedFile(path, "metadata: " + e.getMessage()));
            }
            files.incrementAndGet();
            meter.filesDone.incrementAndGet();
        }

        /** Writes only the 4 KiB blocks (aligned to the file offset) that are not all zero: zeros become holes. */
        private void writeSparse(OutputFile out, long offset, byte[] plain) throws IOException {
            int i = 0;
            int runStart = -1;
            while (i < plain.length) {
                int blockEnd = (int) Math.min(plain.length, i + (BLOCK - ((offset + i) % BLOCK)));
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
                out.write(offset + runStart, plain, runStart, plain.length - runStart);
            }
        }

        void finish() {
            for (Map.Entry<BlobId, List<Object[]>> group : singleBlobFilesByPack.entrySet()) {
                pool.execute(() -> restorePack(group.getKey(), group.getValue()));
            }
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    if (request.cancellation().isCancelled()) {
                        pool.shutdownNow();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            request.cancellation().throwIfCancelled();
            for (String[] link : links) {
                if (failedPaths.containsKey(link[1])) {
                    failed.add(new FailedFile(link[0], "hard link target " + link[1] + " failed"));
                    continue;
                }
                try {
                    output.createHardLink(link[0], link[1]);
                    files.incrementAndGet();
                    verified.incrementAndGet();
                } catch (IOException e) {
                    failed.add(new FailedFile(link[0], "hard link: " + e.getMessage()));
                }
            }
            for (int i = 0; i < dirMeta.size(); i++) { // post-order: children before parents
                String path = (String) dirMeta.get(i)[0];
                Node n = (Node) dirMeta.get(i)[1];
                try {
                    output.applyMetadata(path, n.meta());
                } catch (IOException e) {
                    failed.add(new FailedFile(path, "metadata: " + e.getMessage()));
                }
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
            meter.close();
        }
    }
}
