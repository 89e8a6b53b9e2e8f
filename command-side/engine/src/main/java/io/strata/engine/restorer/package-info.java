/**
 * Restores. The {@link io.strata.engine.restorer.Restorer} walks a snapshot's trees, creates
 * directories first, restores files in parallel (every blob verified against its id, every file
 * against its recorded SHA-256), links hard links once their target is done, and applies
 * directory metadata last. A damaged blob fails exactly the files that use it; the rest is
 * restored and the {@link io.strata.engine.restorer.RestoreResult} lists the failures.
 */
package io.strata.engine.restorer;
