/**
 * Blobs: the unit of deduplication. A {@link io.strata.engine.blob.BlobId} is the SHA-256 of a
 * blob's plaintext (unkeyed, see FORMAT.md for the trade-off); a
 * {@link io.strata.engine.blob.BlobType} says whether it holds file data or a tree.
 */
package io.strata.engine.blob;
