/**
 * Progress reporting and cooperative cancellation shared by long operations (backup, restore,
 * check): a {@link io.strata.engine.progress.ProgressListener} receives periodic
 * {@link io.strata.engine.progress.Progress} snapshots; a {@link io.strata.engine.progress.Cancellation}
 * is polled by workers, which then stop with {@link io.strata.engine.progress.CancelledException}.
 */
package io.strata.engine.progress;
