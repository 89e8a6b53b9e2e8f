/**
 * Backups. The {@link io.strata.engine.archiver.Archiver} walks a {@link io.strata.engine.source.Source},
 * compares each file with the <em>parent</em> snapshot (size, mtime, ctime, inode) to skip unchanged
 * ones, reads and chunks the rest on worker threads, and writes trees bottom-up and finally the
 * snapshot. A {@link io.strata.engine.archiver.BackupRequest} says what and how;
 * a {@link io.strata.engine.archiver.BackupResult} tells what happened.
 */
package io.strata.engine.archiver;
