package io.strata.engine.index;

import io.strata.engine.blob.BlobId;
import io.strata.engine.pack.PackEntry;
import java.util.List;

/** One pack as recorded in an index object: its id (the pack object's name) and its blobs. */
public record IndexedPack(BlobId packId, List<PackEntry> entries) {
    public IndexedPack {
        entries = List.copyOf(entries);
    }
}
