/**
 * Strata's backup engine: an encrypted, deduplicating, self-describing repository.
 *
 * <p>Layers, from the bottom: {@code storage} (opaque named objects), {@code crypto} (keys and
 * authenticated encryption), {@code repository} (config, keys, packs, index, trees, snapshots),
 * then the operations {@code archiver}, {@code restorer}, {@code checker} and {@code gc}, which see
 * a {@link io.strata.engine.repository.Repository} and never a storage backend. {@code source} and
 * {@code output} abstract where files are read from and restored to. {@code cli} is the
 * disaster-recovery command line.
 */
package io.strata.engine;
