/**
 * Where repository objects live: one small interface, {@link io.strata.engine.storage.Storage},
 * with a written contract, and one sub-package per provider.
 *
 * <p>Vocabulary: an <em>object</em> is an immutable byte string named by an
 * {@link io.strata.engine.storage.ObjectName} (a kind plus a name); <em>kinds</em> group objects
 * the way directories do (config, keys, snapshots, index, data packs, locks). Errors are typed:
 * {@link io.strata.engine.storage.RetryableStorageException} (try again may succeed) versus
 * {@link io.strata.engine.storage.PermanentStorageException} (it will not), with
 * {@link io.strata.engine.storage.ObjectNotFoundException} as the permanent error for a missing
 * object.
 */
package io.strata.engine.storage;
