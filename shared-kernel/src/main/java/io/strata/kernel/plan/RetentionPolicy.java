package io.strata.kernel.plan;

/**
 * Which successful backups a plan keeps; every field is optional (null = rule not used). Counts work as
 * restic's {@code forget}: the last n, and the newest of each of the last n days, weeks, months, years;
 * {@code keepWithinDays} keeps everything newer than that; {@code monthlyCleanup} keeps, once a month has
 * ended, only its latest successful FULL besides what the other rules keep.
 */
public record RetentionPolicy(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly,
                              Integer keepYearly, Integer keepWithinDays, Boolean monthlyCleanup) {
}
