package io.strata.engine.gc;

/**
 * What a garbage collection did.
 *
 * @param packsDeleted packs removed because no live snapshot used any of their blobs (or no index listed them)
 * @param packsRewritten packs whose live blobs were copied to new packs before removal
 * @param bytesFreed stored bytes removed, net of the bytes rewritten
 */
public record GcResult(long liveBlobs, long packsKept, long packsDeleted, long packsRewritten, long bytesFreed,
        long indexObjectsReplaced) {
}
