/**
 * The repository: what the archiver, restorer, checker and GC see instead of a storage backend.
 *
 * <p>Vocabulary: the <em>config</em> (format version, algorithms, chunker parameters, authenticated
 * with a MAC under the master key); <em>keys</em> (wraps of the master key, one object each); an
 * <em>object envelope</em> (optional zstd, then segmented AES-GCM, named by the SHA-256 of the
 * stored bytes); a <em>write session</em> ({@link io.strata.engine.repository.BlobWriter}) that
 * deduplicates blobs, fills packs and uploads them in parallel, then writes their index;
 * <em>locks</em> that keep garbage collection away from running backups.
 */
package io.strata.engine.repository;
