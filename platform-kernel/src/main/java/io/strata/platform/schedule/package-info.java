/**
 * Plan calendars: five-field cron expressions in a time zone, and when a plan's schedules fire next. The
 * command side validates with these, the query side previews with them, and the scheduler runs by them,
 * so all three agree on every instant.
 */
package io.strata.platform.schedule;
