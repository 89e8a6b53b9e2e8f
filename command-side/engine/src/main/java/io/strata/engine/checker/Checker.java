package io.strata.engine.checker;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.index.BlobIdSet;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.progress.ProgressMeter;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.MissingBlobException;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Checks a repository's integrity; see the package documentation for what each mode covers. */
public final class Checker {
    private final Repository repo;
    /**
     * With read-data, the bytes of packs holding trees (kept apart from data packs and small), kept
     * from the verification pass so the tree walk does not read them again blob by blob.
     */
    private final Map<BlobId, byte[]> treePacks = new java.util.concurrent.ConcurrentHashMap<>();

    public Checker(Repository repo) {
        this.repo = repo;
    }

    private Tree loadTree(BlobId id) {
        io.strata.engine.index.BlobLocation loc = repo.locate(id).orElse(null);
        byte[] pack = loc == null ? null : treePacks.get(loc.packId());
        if (pack == null || (long) loc.offset() + loc.storedLength() > pack.length) {
            return repo.loadTree(id);
        }
        byte[] plain = repo.openBlob(packName(loc.packId()), id, loc.storedLength(), loc.rawLength(), loc.compressed(),
                pack, loc.offset());
        try {
            return io.strata.engine.tree.TreeCodec.decode(plain);
        } catch (io.strata.engine.codec.MalformedEncodingException e) {
            throw new CorruptObjectException(packName(loc.packId()), id.hex(), "tree does not decode: " + e.getMessage());
        }
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
                damaged.add(new DamagedObject(packName(e.getKey()), null, "pack is missing"));
                e.getValue().forEach(b -> badBlobs.add(b.id()));
            }
        }
        for (BlobId p : stored.keySet()) {
            if (!indexedPacks.containsKey(p)) {
                warnings.add(packName(p) + " is in no index (left by an interrupted backup: 'gc' removes it, "
                        + "'repair index' adopts it)");
            }
        }

        // 4. read data
        AtomicLong blobsChecked = new AtomicLong();
        long packsChecked = 0;
        if (readData) {
            try (ProgressMeter meter = new ProgressMeter(repo.options().clock(), progress, Duration.ofMillis(500))) {
                List<BlobId> packs = indexedPacks.keySet().stream().filter(stored::containsKey).sorted().toList();
                meter.filesTotal.set(packs.size());
                packs.forEach(p -> meter.bytesTotal.addAndGet(stored.get(p)));
                meter.scanComplete();
                ConcurrentLinkedQueue<DamagedObject> found = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<BlobId> foundBlobs = new ConcurrentLinkedQueue<>();
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                try {
                    List<Future<?>> futures = new ArrayList<>();
                    for (BlobId p : packs) {
                        futures.add(pool.submit(() -> {
                            cancel.throwIfCancelled();
                            verifyPack(p, indexedPacks.get(p), found, foundBlobs, blobsChecked);
                            meter.filesDone.incrementAndGet();
                            meter.bytesDone.addAndGet(stored.get(p));
                        }));
                    }
                    for (Future<?> f : futures) {
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
                } finally {
                    pool.shutdownNow();
                }
                damaged.addAll(found);
                badBlobs.addAll(foundBlobs);
                packsChecked = packs.size();
            }
        }

        // 5. trees: every referenced blob indexed and intact; which trees lead to damage
        Map<BlobId, Boolean> treeDamaged = new HashMap<>();
        for (Map.Entry<SnapshotId, Snapshot> s : snapshots.entrySet()) {
            cancel.throwIfCancelled();
            if (walk(s.getValue().tree(), treeDamaged, badBlobs, damaged, new BlobIdSet())) {
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
                packsChecked, blobsChecked.get(), readData);
    }

    private static List<DamagedObject> dedupe(List<DamagedObject> in) {
        Map<String, DamagedObject> m = new LinkedHashMap<>();
        for (DamagedObject d : in) {
            m.putIfAbsent(d.object() + "/" + d.blob(), d);
        }
        return List.copyOf(m.values());
    }

    private static String packName(BlobId p) {
        return ObjectName.of(ObjectKind.PACK, p.bytes()).toString();
    }

    private void verifyPack(BlobId packId, List<PackEntry> indexed, ConcurrentLinkedQueue<DamagedObject> found,
            ConcurrentLinkedQueue<BlobId> foundBlobs, AtomicLong blobsChecked) {
        String name = packName(packId);
        byte[] bytes;
        try {
            bytes = repo.readPackVerified(packId);
        } catch (CorruptObjectException e) {
            found.add(new DamagedObject(name, null, e.getMessage()));
            try {
                bytes = repo.readPackBytes(packId);
            } catch (RepositoryException missing) {
                indexed.forEach(b -> foundBlobs.add(b.id()));
                return;
            }
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
        if (!indexed.isEmpty() && indexed.getFirst().type() == BlobType.TREE) {
            treePacks.put(packId, bytes);
        }
        for (PackEntry e : indexed) {
            blobsChecked.incrementAndGet();
            if ((long) e.offset() + e.storedLength() > bytes.length) {
                found.add(new DamagedObject(name, e.id().hex(), "blob lies past the end of the pack"));
                foundBlobs.add(e.id());
                continue;
            }
            try {
                repo.openBlob(name, e.id(), e.storedLength(), e.rawLength(), e.compressed(), bytes, e.offset());
            } catch (CorruptObjectException ex) {
                found.add(new DamagedObject(name, e.id().hex(), ex.getMessage()));
                foundBlobs.add(e.id());
            }
        }
    }

    /** Returns whether the tree (or anything below it) is damaged; records trees that fail to load. */
    private boolean walk(BlobId treeId, Map<BlobId, Boolean> memo, Set<BlobId> bad, List<DamagedObject> damaged,
            BlobIdSet onPath) {
        Boolean known = memo.get(treeId);
        if (known != null) {
            return known;
        }
        boolean result = false;
        Tree tree = null;
        if (bad.contains(treeId)) {
            result = true;
        } else {
            try {
                tree = loadTree(treeId);
            } catch (MissingBlobException e) {
                damaged.add(new DamagedObject("index", treeId.hex(), "tree blob referenced but not indexed"));
                bad.add(treeId);
                result = true;
            } catch (CorruptObjectException e) {
                damaged.add(new DamagedObject(e.object(), treeId.hex(), e.getMessage()));
                bad.add(treeId);
                result = true;
            }
        }
        if (tree != null) {
            for (Node n : tree.nodes()) {
                if (n.subtree() != null) {
                    result |= walk(n.subtree(), memo, bad, damaged, onPath);
                }
                for (BlobId b : n.content()) {
                    if (bad.contains(b)) {
                        result = true;
                    } else if (!repo.hasBlob(b)) {
                        damaged.add(new DamagedObject("index", b.hex(), "data blob referenced but not indexed"));
                        bad.add(b);
                        result = true;
                    } else if (repo.locate(b).orElseThrow().type() != BlobType.DATA) {
                        damaged.add(new DamagedObject("index", b.hex(), "file content refers to a tree blob"));
                        bad.add(b);
                        result = true;
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
        if (bad.contains(treeId)) {
            out.add(new AffectedFile(snap, dir.isEmpty() ? "/" : dir, treeId.hex()));
            return;
        }
        Tree tree = loadTree(treeId);
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
