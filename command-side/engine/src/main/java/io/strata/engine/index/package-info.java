/**
 * The index: where each blob lives (pack, offset, lengths). {@link io.strata.engine.index.IndexCodec}
 * is the stored form (index objects, one per write session or GC); {@link io.strata.engine.index.BlobIndex}
 * is the compact in-memory form: open-addressed parallel arrays, about 49 bytes per slot (see its Javadoc).
 */
package io.strata.engine.index;
