/**
 * Content-defined chunking: FastCDC with a gear table and normalized chunking.
 *
 * <p>Vocabulary: the <em>gear table</em> (256 pseudo-random 64-bit values derived from the
 * repository's secret chunker seed), the <em>rolling hash</em> {@code h = (h << 1) + gear[b]},
 * a <em>cut point</em> where the top bits of h are zero, and the <em>parameters</em> min/avg/max
 * chunk size. Chunk boundaries depend only on nearby content, so an insertion shifts boundaries
 * only around itself.
 */
package io.strata.engine.chunker;
