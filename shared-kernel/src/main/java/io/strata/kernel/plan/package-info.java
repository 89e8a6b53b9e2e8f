/**
 * Backup plans: what to back up from one server ({@link io.strata.kernel.plan.PlanSource}s: paths with
 * excludes, or a command whose output is stored as one file), where (a storage location and replicas), when
 * ({@link io.strata.kernel.plan.PlanSchedule}s: a {@link io.strata.kernel.plan.BackupLevel} on a five-field
 * cron in a time zone) and for how long ({@link io.strata.kernel.plan.RetentionPolicy}).
 */
package io.strata.kernel.plan;
