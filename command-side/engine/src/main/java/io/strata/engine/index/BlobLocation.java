package io.strata.engine.index;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;

/** Where a blob is: the pack, the byte range of its sealed form, its raw length and compression. */
public record BlobLocation(BlobType type, BlobId packId, int offset, int storedLength, int rawLength, boolean compressed) {
}
