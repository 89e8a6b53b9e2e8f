/**
 * JMH benchmarks of the backup hot path: content-defined chunking, SHA-256, and the pack path
 * (compress, seal, open). Built only with the {@code jmh} Maven profile; run with bench/jmh.sh.
 */
package io.strata.engine.bench;
