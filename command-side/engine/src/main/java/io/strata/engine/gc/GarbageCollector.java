package io.strata.engine.gc;

import io.strata.engine.blob.BlobId;
import io.strata.engine.index.BlobIdSet;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.repository.BlobWriter;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.repository.RepositoryLock;
import io.strata.engine.repository.RepositoryStorageException;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectLockedException;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes what no snapshot needs. Under the exclusive lock:
 * <ol>
 *   <li>read every snapshot and walk every tree: the live blob set (any unreadable snapshot or tree
 *       aborts the run: deleting on an incomplete live set could destroy data);</li>
 *   <li>read every index object; per pack, count live and dead bytes;</li>
 *   <li>copy the live blobs of packs that are more than {@code rewriteThreshold} dead into new packs
 *       (their session index is written as usual);</li>
 *   <li>write one index object listing every kept pack, then delete the old index objects;</li>
 *   <li>only then delete dead and rewritten packs, and packs no index listed (left by crashed sessions).</li>
 * </ol>
 * A crash at any step leaves a valid repository: at worst duplicate index entries or unreferenced
 * packs, which the next run removes.
 *
 * <p>On a location that keeps objects immutable, deletes of retained objects are refused
 * ({@link ObjectLockedException}); the run goes on and reports what it had to keep. An old index object that
 * stays keeps every pack it lists (deleting them would leave an index naming missing packs), so those packs are
 * kept too, and counted as locked.
 */
public final class GarbageCollector {
    private final Repository repo;
    private final double rewriteThreshold;

    public GarbageCollector(Repository repo) {
        this(repo, 0.5);
    }

    /** @param rewriteThreshold fraction of dead bytes above which a pack is rewritten (0.5 = half dead) */
    public GarbageCollector(Repository repo, double rewriteThreshold) {
        this.repo = repo;
        this.rewriteThreshold = rewriteThreshold;
    }

    public GcResult collect() {
        try (RepositoryLock lock = repo.lockExclusive("gc")) {
            return run(lock);
        }
    }

    private GcResult run(RepositoryLock lock) {
        repo.reloadIndex();
        if (!repo.index().isEmpty() && !repo.indexProblems().isEmpty()) {
            throw new RepositoryException("the index has damaged objects; run 'repair index' before gc: "
                    + repo.indexProblems().getFirst().getMessage());
        }
        BlobIdSet live = new BlobIdSet();
        BlobIdSet visitedTrees = new BlobIdSet();
        for (Repository.SnapshotEntry s : repo.snapshots()) {
            markLive(s.snapshot(), live, visitedTrees);
        }

        List<ObjectInfo> oldIndexes = repo.list(ObjectKind.INDEX);
        Map<BlobId, List<PackEntry>> packs = new HashMap<>();
        Map<ObjectName, List<BlobId>> packsOfIndex = new HashMap<>();
        for (ObjectInfo o : oldIndexes) {
            for (IndexedPack p : repo.readIndexObject(o.name())) {
                packs.computeIfAbsent(p.packId(), k -> new ArrayList<>()).addAll(p.entries());
                packsOfIndex.computeIfAbsent(o.name(), k -> new ArrayList<>()).add(p.packId());
            }
        }
        Map<BlobId, Long> stored = new HashMap<>();
        for (ObjectInfo o : repo.list(ObjectKind.PACK)) {
            stored.put(BlobId.parse(o.name().name()), o.size());
        }

        List<IndexedPack> keep = new ArrayList<>();
        List<BlobId> delete = new ArrayList<>();
        List<BlobId> rewrite = new ArrayList<>();
        BlobIdSet kept = new BlobIdSet();
        for (Map.Entry<BlobId, List<PackEntry>> e : packs.entrySet()) {
            if (!stored.containsKey(e.getKey())) {
                continue; // missing pack: nothing to delete; check reports it
            }
            long liveBytes = 0;
            long total = 0;
            for (PackEntry b : e.getValue()) {
                total += b.storedLength();
                if (live.contains(b.id()) && !kept.contains(b.id())) {
                    liveBytes += b.storedLength();
                }
            }
            if (liveBytes == 0) {
                delete.add(e.getKey());
            } else if (total - liveBytes > total * rewriteThreshold) {
                rewrite.add(e.getKey());
            } else {
                keep.add(new IndexedPack(e.getKey(), e.getValue()));
                e.getValue().forEach(b -> kept.add(b.id()));
            }
        }
        for (BlobId p : stored.keySet()) {
            if (!packs.containsKey(p)) {
                delete.add(p);
            }
        }

        long rewrittenBytes = 0;
        if (!rewrite.isEmpty()) {
            BlobIdSet copied = new BlobIdSet();
            try (BlobWriter writer = repo.newRepackWriter()) {
                for (BlobId p : rewrite) {
                    byte[] bytes = repo.readPackVerified(p);
                    String name = ObjectName.of(ObjectKind.PACK, p.bytes()).toString();
                    for (PackEntry b : packs.get(p)) {
                        if (live.contains(b.id()) && !kept.contains(b.id()) && copied.add(b.id())) {
                            byte[] plain = repo.openBlob(name, b.id(), b.storedLength(), b.rawLength(), b.compressed(),
                                    bytes, b.offset());
                            rewrittenBytes += writer.save(b.type(), b.id(), plain, 0, plain.length).storedBytes();
                        }
                    }
                }
                writer.flush();
            }
        }

        // The kept packs' index must exist before the old index objects go away.
        lock.checkValid();
        ObjectName newIndex = keep.isEmpty() ? null : repo.writeIndexObject(keep);
        List<ObjectName> sessionIndexes = repo.list(ObjectKind.INDEX).stream().map(ObjectInfo::name)
                .filter(n -> oldIndexes.stream().noneMatch(o -> o.name().equals(n))).toList();
        long replaced = 0;
        long indexesLocked = 0;
        BlobIdSet heldByLockedIndex = new BlobIdSet();
        for (ObjectInfo o : oldIndexes) {
            if (!o.name().equals(newIndex) && !sessionIndexes.contains(o.name())) {
                if (deleteUnlessLocked(o.name())) {
                    replaced++;
                } else {
                    indexesLocked++;
                    packsOfIndex.getOrDefault(o.name(), List.of()).forEach(heldByLockedIndex::add);
                }
            }
        }
        PackRemoval dead = new PackRemoval(stored, heldByLockedIndex);
        delete.forEach(dead::remove);
        PackRemoval rewritten = new PackRemoval(stored, heldByLockedIndex);
        rewrite.forEach(rewritten::remove);
        repo.reloadIndex();
        return new GcResult(live.size(), keep.size(), dead.removed, rewritten.removed,
                dead.bytesFreed + rewritten.bytesFreed - rewrittenBytes, replaced, dead.locked + rewritten.locked,
                dead.bytesLocked + rewritten.bytesLocked, indexesLocked);
    }

    /** Deletes packs, counting what was freed and what the location keeps (retained, or listed by a retained index). */
    private final class PackRemoval {
        private final Map<BlobId, Long> stored;
        private final BlobIdSet heldByLockedIndex;
        long removed;
        long bytesFreed;
        long locked;
        long bytesLocked;

        PackRemoval(Map<BlobId, Long> stored, BlobIdSet heldByLockedIndex) {
            this.stored = stored;
            this.heldByLockedIndex = heldByLockedIndex;
        }

        void remove(BlobId pack) {
            if (!heldByLockedIndex.contains(pack) && deleteUnlessLocked(ObjectName.of(ObjectKind.PACK, pack.bytes()))) {
                removed++;
                bytesFreed += stored.get(pack);
            } else {
                locked++;
                bytesLocked += stored.get(pack);
            }
        }
    }

    /** Deletes the object; false when the location refuses because the object is retained. */
    private boolean deleteUnlessLocked(ObjectName name) {
        try {
            repo.delete(name);
            return true;
        } catch (RepositoryStorageException e) {
            if (e.getCause() instanceof ObjectLockedException) {
                return false;
            }
            throw e;
        }
    }

    private void markLive(Snapshot s, BlobIdSet live, BlobIdSet visited) {
        ArrayList<BlobId> stack = new ArrayList<>();
        stack.add(s.tree());
        while (!stack.isEmpty()) {
            BlobId t = stack.removeLast();
            if (!visited.add(t)) {
                continue;
            }
            live.add(t);
            Tree tree;
            try {
                tree = repo.loadTree(t);
            } catch (CorruptObjectException e) {
                throw new RepositoryException("gc aborted: a live tree is unreadable (" + e.getMessage()
                        + "); nothing was deleted", e);
            }
            for (Node n : tree.nodes()) {
                if (n.subtree() != null) {
                    stack.add(n.subtree());
                }
                for (BlobId b : n.content()) {
                    live.add(b);
                }
            }
        }
    }
}
