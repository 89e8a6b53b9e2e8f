/**
 * Snapshots: the record of one backup (time, host, paths, level, parent, root tree, statistics).
 * A snapshot's id is its object's name, the SHA-256 of its stored bytes; every snapshot is complete
 * on its own (its root tree reaches every file), whatever its level.
 */
package io.strata.engine.snapshot;
