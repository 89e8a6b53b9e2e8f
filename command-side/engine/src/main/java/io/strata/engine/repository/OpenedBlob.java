package io.strata.engine.repository;

/**
 * A blob's verified plaintext, {@code buffer[0..length)}, in a buffer owned by the calling thread:
 * valid only until the same thread opens its next blob through {@link Repository#openBlobShared}
 * or {@link Repository#loadBlobShared}. Bulk readers (check, restore) use it to avoid allocating
 * and zeroing two arrays per blob; whoever keeps the bytes copies them.
 */
public record OpenedBlob(byte[] buffer, int length) {
}
