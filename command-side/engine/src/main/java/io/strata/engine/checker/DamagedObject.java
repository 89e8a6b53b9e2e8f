package io.strata.engine.checker;

/**
 * A damaged stored object or blob.
 *
 * @param object the stored object, e.g. {@code data/4f3a...} or {@code snapshots/9b1c...}
 * @param blob the damaged blob's id, or null when the whole object is at fault
 */
public record DamagedObject(String object, String blob, String reason) {
}
