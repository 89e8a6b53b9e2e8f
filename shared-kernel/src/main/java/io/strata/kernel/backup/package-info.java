/**
 * Backups: one run of a plan. Requested at a level, it may be escalated (a DIFFERENTIAL with no FULL to
 * compare with becomes a FULL, and an event says why), is claimed by a worker for an attempt, reports
 * progress as heartbeats, and ends {@code SUCCEEDED} (with its snapshot and statistics), {@code FAILED}
 * (with a stable code) or {@code CANCELLED}. A worker that stops reporting loses its claim; the run is then
 * retried, up to its maximum attempts.
 */
package io.strata.kernel.backup;
