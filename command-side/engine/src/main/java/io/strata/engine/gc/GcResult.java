package io.strata.engine.gc;

/**
 * What a garbage collection did.
 *
 * @param packsDeleted packs removed because no live snapshot used any of their blobs (or no index listed them)
 * @param packsRewritten packs whose live blobs were copied to new packs before removal
 * @param bytesFreed stored bytes removed, net of the bytes rewritten
 * @param indexObjectsReplaced old index objects removed after the new one was written
 * @param packsLocked dead or rewritten packs kept because the location keeps them immutable (the pack itself,
 *        or an old index object listing it, is still retained); a later run deletes them once released
 * @param bytesLocked stored bytes of those packs: space the retention holds
 * @param indexObjectsLocked old index objects the location refused to delete
 */
public record GcResult(long liveBlobs, long packsKept, long packsDeleted, long packsRewritten, long bytesFreed,
        long indexObjectsReplaced, long packsLocked, long bytesLocked, long indexObjectsLocked) {
}
