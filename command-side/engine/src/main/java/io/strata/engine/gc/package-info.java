/**
 * Space reclamation and index maintenance: {@link io.strata.engine.gc.GarbageCollector} deletes
 * packs no live snapshot needs and rewrites mostly-dead ones; {@link io.strata.engine.gc.IndexRepair}
 * rebuilds the index from pack headers. Both hold the exclusive repository lock, so no backup runs
 * meanwhile (protocol in FORMAT.md, "Locks and garbage collection").
 */
package io.strata.engine.gc;
