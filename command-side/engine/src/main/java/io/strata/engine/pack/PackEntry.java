package io.strata.engine.pack;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;

/**
 * One blob inside a pack.
 *
 * @param offset byte offset of the sealed blob from the start of the pack
 * @param storedLength length of the sealed (encrypted, maybe compressed) blob
 * @param rawLength length of the plaintext
 * @param compressed whether the sealed payload is zstd-compressed
 */
public record PackEntry(BlobType type, BlobId id, int offset, int storedLength, int rawLength, boolean compressed) {
}
