package io.strata.engine.checker;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.codec.MalformedEncodingException;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.index.BlobIdSet;
import io.strata.engine.index.BlobLocation;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.progress.ProgressMeter;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.MissingBlobException;
import io.strata.engine.repository.OpenedBlob;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import io.strata.engine.tree.TreeCodec;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a repository's integrity; see the package documentation for what each mode covers.
 *
 * <p>With read-data, packs are read whole, one at a time and in name order, by one reading
 * thread (large sequential reads, at most {@code workers + 2} packs in memory) and verified by
 * {@code workers} threads: name hash, header, then every blob decrypted, decompressed and hashed in
 * reused per-thread buffers. Tree packs go first, and the trees they hold are decoded from the
 * plaintext just verified; the tree walk then runs on the calling thread while the data packs are
 * still being verified, and only the final "which snapshots and files are affected" pass, which is
 * in memory, waits for them.
 */
public final class Checker {
    private final Repository repo;
    /** Trees decoded during this check (from verified tree packs, or loaded by the walk). */
    private final Map<BlobId, Tree> trees = new ConcurrentHashMap<>();

    public Checker(Repository repo) {
        this.repo = repo;
    }

    public CheckResult check(boolean readData) {
        return check(readData, ProgressListener.NONE, Cancellation.none(), 2);
    }

    public CheckResult check(boolean readData, ProgressListener progress, Cancellation cancel, int workers) {
        List<DamagedObject> damaged = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<BlobId> badBlobs = new HashSet<>();
        Set<SnapshotId> affectedSnapshots = new LinkedHashSet<>();

        // 1. snapshots
        Map<SnapshotId, Snapshot> snapshots = new LinkedHashMap<>();
        for (ObjectInfo o : repo.list(ObjectKind.SNAPSHOT)) {
            SnapshotId id = new SnapshotId(o.name().name());
            try {
                snapshots.put(id, repo.loadSnapshot(id));
            } catch (CorruptObjectException e) {
                damaged.add(new DamagedObject(e.object(), null, e.getMessage()));
                affectedSnapshots.add(id);
            }
        }

        // 2. index objects, and which pack holds which blobs
        Map<BlobId, List<PackEntry>> indexedPacks = new HashMap<>();
        for (ObjectInfo o : repo.list(ObjectKind.INDEX)) {
            try {
                for (IndexedPack p : repo.readIndexObject(o.name())) {
                    indexedPacks.computeIfAbsent(p.packId(), k -> new ArrayList<>()).addAll(p.entries());
                }
            } catch (CorruptObjectException e) {
                damaged.add(new DamagedObject(e.object(), null, e.getMessage() + " (run 'repair index')"));
            }
        }
        repo.reloadIndex();
        repo.index();

        // 3. packs present?
        Map<BlobId, Long> stored = new HashMap<>();
        for (ObjectInfo o : repo.list(ObjectKind.PACK)) {
            stored.put(BlobId.parse(o.name().name()), o.size());
        }
        for (Map.Entry<BlobId, List<PackEntry>> e : indexedPacks.entrySet()) {
            if (!stored.containsKey(e.getKey())) {
                damaged.add(new DamagedObject(Repository.packName(e.getKey()), null, "pack is missing"));
                e.getValue().forEach(b -> badBlobs.add(b.id()));
            }
        }
        for (BlobId p : stored.keySet()) {
            if (!indexedPacks.containsKey(p)) {
                warnings.add(Repository.packName(p) + " is in no index (left by an interrupted backup: 'gc' removes it, "
                        + "'repair index' adopts it)");
            }
        }

        // 4. read data: tree packs first, then data packs verified in the background during the walk
        PackVerification verification = null;
        if (readData) {
            List<BlobId> packs = indexedPacks.keySet().stream().filter(stored::containsKey).sorted().toList();
            List<BlobId> treePacks = packs.stream().filter(p -> holdsTrees(indexedPacks.get(p))).toList();
            List<BlobId> dataPacks = packs.stream().filter(p -> !holdsTrees(indexedPacks.get(p))).toList();
            verification = new PackVerification(indexedPacks, stored, progress, cancel, workers, packs);
            try {
                verification.start(treePacks).await();
                verification.drainInto(damaged, badBlobs);
                verification.start(dataPacks);
            } catch (RuntimeException e) {
                verification.close();
                throw e;
            }
        }

        // 5. trees: every referenced blob indexed; trees that fail to load are damaged
        try {
            BlobIdSet contentChecked = new BlobIdSet();
            for (Snapshot s : snapshots.values()) {
                cancel.throwIfCancelled();
                walkStructure(s.tree(), badBlobs, damaged, contentChecked);
            }
            if (verification != null) {
                verification.await();
            }
        } finally {
            if (verification != null) {
                verification.close();
            }
        }
        long packsChecked = 0;
        long blobsChecked = 0;
        if (verification != null) {
            verification.drainInto(damaged, badBlobs);
            packsChecked = verification.packs.size();
            blobsChecked = verification.blobsChecked.get();
        }

        // 6. which snapshots and files lead to damage (in memory: every tree is loaded by now)
        Map<BlobId, Boolean> treeDamaged = new HashMap<>();
        for (Map.Entry<SnapshotId, Snapshot> s : snapshots.entrySet()) {
            if (damagedBelow(s.getValue().tree(), treeDamaged, badBlobs)) {
                affectedSnapshots.add(s.getKey());
            }
        }
        List<AffectedFile> affected = new ArrayList<>();
        for (Map.Entry<SnapshotId, Snapshot> s : snapshots.entrySet()) {
            if (affectedSnapshots.contains(s.getKey())) {
                collect(s.getKey(), "", s.getValue().tree(), treeDamaged, badBlobs, affected);
            }
        }
        damaged.sort(Comparator.comparing(DamagedObject::object).thenComparing(d -> d.blob() == null ? "" : d.blob()));
        return new CheckResult(dedupe(damaged), List.copyOf(affectedSnapshots), affected, warnings, snapshots.size(),
                packsChecked, blobsChecked, readData);
    }

    private static boolean holdsTrees(List<PackEntry> entries) {
        return !entries.isEmpty() && entries.getFirst().type() == BlobType.TREE;
    }

    private static List<DamagedObject> dedupe(List<DamagedObject> in) {
        Map<String, DamagedObject> m = new LinkedHashMap<>();
        for (DamagedObject d : in) {
            m.putIfAbsent(d.object() + "/" + d.blob(), d);
        }
        return List.copyOf(m.values());
    }

    /**
     * Reads packs on one thread and verifies them on {@code workers} others. Findings collect in
     * concurrent queues that the checking thread drains after {@link #await}.
     */
    private final class PackVerification implements AutoCloseable {
        final Map<BlobId, List<PackEntry>> indexedPacks;
        final Map<BlobId, Long> stored;
        final Cancellation cancel;
        final List<BlobId> packs;
        final ProgressMeter meter;
        final ExecutorService reader;
        final ExecutorService verifiers;
        /** Packs read but not yet verified, plus those being verified: bounds memory. */
        final Semaphore inMemory;
        final ConcurrentLinkedQueue<Future<?>> tasks = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<DamagedObject> found = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<BlobId> foundBlobs = new ConcurrentLinkedQueue<>();
        final AtomicLong blobsChecked = new AtomicLong();

        PackVerification(Map<BlobId, List<PackEntry>> indexedPacks, Map<BlobId, Long> stored, ProgressListener progress,
                Cancellation cancel, int workers, List<BlobId> packs) {
            this.indexedPacks = indexedPacks;
            this.stored = stored;
            this.cancel = cancel;
            this.packs = packs;
            this.meter = new ProgressMeter(repo.options().clock(), progress, Duration.ofMillis(500));
            meter.filesTotal.set(packs.size());
            packs.forEach(p -> meter.bytesTotal.addAndGet(stored.get(p)));
            meter.scanComplete();
            this.inMemory = new Semaphore(workers + 2);
            this.reader = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("strata-check-reader").daemon().factory());
            this.verifiers = Executors.newFixedThreadPool(workers,
                    Thread.ofPlatform().name("strata-check-verifier").daemon().factory());
        }

        /** Queues the packs for reading (in the given order) and verification. */
        PackVerification start(List<BlobId> order) {
            tasks.add(reader.submit(() -> {
                for (BlobId p : order) {
                    cancel.throwIfCancelled();
                    inMemory.acquire();
                    byte[] bytes;
                    CorruptObjectException unreadable = null;
                    try {
                        bytes = repo.readPackBytes(p);
                    } catch (CorruptObjectException e) {
                        bytes = null;
                        unreadable = e;
                    } catch (RuntimeException e) {
                        inMemory.release();
                        throw e;
                    }
                    byte[] b = bytes;
                    CorruptObjectException u = unreadable;
                    tasks.add(verifiers.submit(() -> {
                        try {
                            cancel.throwIfCancelled();
                            verifyPack(p, indexedPacks.get(p), b, u);
                            meter.filesDone.incrementAndGet();
                            meter.bytesDone.addAndGet(stored.get(p));
                        } finally {
                            inMemory.release();
                        }
                    }));
                }
                return null;
            }));
            return this;
        }

        /** Waits for every queued read and verification; rethrows the first failure. */
        void await() {
            try {
                Future<?> f;
                while ((f = tasks.poll()) != null) {
                    f.get();
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new RepositoryException("check failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RepositoryException("check interrupted");
            }
        }

        void drainInto(List<DamagedObject> damaged, Set<BlobId> badBlobs) {
            DamagedObject d;
            while ((d = found.poll()) != null) {
                damaged.add(d);
            }
            BlobId b;
            while ((b = foundBlobs.poll()) != null) {
                badBlobs.add(b);
            }
        }

        @Override
        public void close() {
            reader.shutdownNow();
            verifiers.shutdownNow();
            meter.close();
        }

        private void verifyPack(BlobId packId, List<PackEntry> indexed, byte[] bytes, CorruptObjectException unreadable) {
            String name = Repository.packName(packId);
            if (bytes == null) {
                found.add(new DamagedObject(name, null, unreadable.getMessage()));
                indexed.forEach(b -> foundBlobs.add(b.id()));
                return;
            }
            if (!MessageDigest.isEqual(Sha256.hash(bytes), packId.bytes())) {
                // the intact blobs of a damaged pack are still verified below, to name the damaged ones
                found.add(new DamagedObject(name, null, name + ": content does not match its name (SHA-256 mismatch)"));
            }
            try {
                List<PackEntry> header = repo.packHeader(packId, bytes);
                Set<BlobId> inHeader = new HashSet<>();
                header.forEach(h -> inHeader.add(h.id()));
                for (PackEntry e : indexed) {
                    if (!inHeader.contains(e.id())) {
                        found.add(new DamagedObject(name, e.id().hex(), "indexed blob is not in the pack header"));
                    }
                }
            } catch (CorruptObjectException e) {
                found.add(new DamagedObject(name, null, e.getMessage()));
            }
            for (PackEntry e : indexed) {
                blobsChecked.incrementAndGet();
                if ((long) e.offset() + e.storedLength() > bytes.length) {
                    found.add(new DamagedObject(name, e.id().hex(), "blob lies past the end of the pack"));
                    foundBlobs.add(e.id());
                    continue;
                }
                try {
                    OpenedBlob plain = repo.openBlobShared(name, e.id(), e.storedLength(), e.rawLength(), e.compressed(),
                            bytes, e.offset());
                    if (e.type() == BlobType.TREE) {
                        keepTree(e.id(), plain);
                    }
                } catch (CorruptObjectException ex) {
                    found.add(new DamagedObject(name, e.id().hex(), ex.getMessage()));
                    foundBlobs.add(e.id());
                }
            }
        }

        /** Decodes a verified tree for the walk; one that does not decode is left for the walk to report. */
        private void keepTree(BlobId id, OpenedBlob plain) {
            try {
                trees.putIfAbsent(id, TreeCodec.decode(Arrays.copyOf(plain.buffer(), plain.length())));
            } catch (MalformedEncodingException ignored) {
                // loadTree raises it again, with the pack named, when the walk reaches this tree
            }
        }
    }

    private Tree loadTree(BlobId id) {
        Tree t = trees.get(id);
        if (t == null) {
            t = repo.loadTree(id);
            trees.put(id, t);
        }
        return t;
    }

    /**
     * Loads every tree reachable from {@code root} once and checks that every blob a file refers
     * to is indexed as data. Trees that cannot be loaded and blobs that are not indexed are added
     * to {@code bad} with a damage record; blobs already known bad are not examined again.
     */
    private void walkStructure(BlobId root, Set<BlobId> bad, List<DamagedObject> damaged, BlobIdSet contentChecked) {
        ArrayDeque<BlobId> pending = new ArrayDeque<>();
        Set<BlobId> seen = new HashSet<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            BlobId treeId = pending.pop();
            if (!seen.add(treeId) || bad.contains(treeId)) {
                continue;
            }
            Tree tree;
            try {
                tree = loadTree(treeId);
            } catch (MissingBlobException e) {
                damaged.add(new DamagedObject("index", treeId.hex(), "tree blob referenced but not indexed"));
                bad.add(treeId);
                continue;
            } catch (CorruptObjectException e) {
                damaged.add(new DamagedObject(e.object(), treeId.hex(), e.getMessage()));
                bad.add(treeId);
                continue;
            }
            for (Node n : tree.nodes()) {
                if (n.subtree() != null) {
                    pending.push(n.subtree());
                }
                for (BlobId b : n.content()) {
                    if (bad.contains(b) || !contentChecked.add(b)) {
                        continue;
                    }
                    Optional<BlobLocation> loc = repo.locate(b);
                    if (loc.isEmpty()) {
                        damaged.add(new DamagedObject("index", b.hex(), "data blob referenced but not indexed"));
                        bad.add(b);
                    } else if (loc.get().type() != BlobType.DATA) {
                        damaged.add(new DamagedObject("index", b.hex(), "file content refers to a tree blob"));
                        bad.add(b);
                    }
                }
            }
        }
    }

    /** Whether the tree or anything below it is damaged (every tree was loaded by the walk). */
    private boolean damagedBelow(BlobId treeId, Map<BlobId, Boolean> memo, Set<BlobId> bad) {
        Boolean known = memo.get(treeId);
        if (known != null) {
            return known;
        }
        Tree tree = bad.contains(treeId) ? null : trees.get(treeId);
        boolean result = tree == null;
        if (tree != null) {
            for (Node n : tree.nodes()) {
                if (n.subtree() != null) {
                    result |= damagedBelow(n.subtree(), memo, bad);
                }
                for (BlobId b : n.content()) {
                    if (bad.contains(b)) {
                        result = true;
                        break;
                    }
                }
            }
        }
        memo.put(treeId, result);
        return result;
    }

    private void collect(SnapshotId snap, String dir, BlobId treeId, Map<BlobId, Boolean> memo, Set<BlobId> bad,
            List<AffectedFile> out) {
        if (!memo.getOrDefault(treeId, false)) {
            return;
        }
        Tree tree = bad.contains(treeId) ? null : trees.get(treeId);
        if (tree == null) {
            out.add(new AffectedFile(snap, dir.isEmpty() ? "/" : dir, treeId.hex()));
            return;
        }
        for (Node n : tree.nodes()) {
            String path = dir + "/" + n.name();
            if (n.subtree() != null) {
                collect(snap, path, n.subtree(), memo, bad, out);
            }
            for (BlobId b : n.content()) {
                if (bad.contains(b)) {
                    out.add(new AffectedFile(snap, path, b.hex()));
                    break;
                }
            }
        }
    }
}
