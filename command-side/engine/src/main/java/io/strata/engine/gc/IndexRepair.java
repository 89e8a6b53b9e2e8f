package io.strata.engine.gc;

import io.strata.engine.blob.BlobId;
import io.strata.engine.index.IndexedPack;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryLock;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the index from the headers of the packs in storage (two ranged reads per pack), writes
 * it, then deletes the old index objects. Packs whose header is unreadable are reported and left
 * out (their blobs become missing, which check then names).
 */
public final class IndexRepair {
    /** Outcome: packs indexed, blobs indexed, packs whose header could not be read (with reasons). */
    public record Result(long packs, long blobs, List<String> unreadablePacks, long oldIndexObjects) {
    }

    private final Repository repo;

    public IndexRepair(Repository repo) {
        this.repo = repo;
    }

    public Result repair() {
        try (RepositoryLock lock = repo.lockExclusive("repair index")) {
            List<ObjectInfo> oldIndexes = repo.list(ObjectKind.INDEX);
            List<IndexedPack> packs = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            long blobs = 0;
            for (ObjectInfo o : repo.list(ObjectKind.PACK)) {
                BlobId id = BlobId.parse(o.name().name());
                try {
                    IndexedPack p = new IndexedPack(id, repo.readPackHeader(id, o.size()));
                    packs.add(p);
                    blobs += p.entries().size();
                } catch (CorruptObjectException e) {
                    unreadable.add(e.getMessage());
                }
            }
            lock.checkValid();
            ObjectName written = packs.isEmpty() ? null : repo.writeIndexObject(packs);
            for (ObjectInfo o : oldIndexes) {
                if (!o.name().equals(written)) {
                    repo.delete(o.name());
                }
            }
            repo.reloadIndex();
            return new Result(packs.size(), blobs, unreadable, oldIndexes.size());
        }
    }
}
