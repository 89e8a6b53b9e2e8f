package io.strata.kernel.plan;

/**
 * A backup level on a schedule: {@code cron} in the classic five-field form ({@code 0 1 * * MON}) in the
 * IANA {@code timezone} (UTC when null).
 */
public record PlanSchedule(BackupLevel level, String cron, String timezone) {
}
