package io.strata.platform.schedule;

import org.springframework.scheduling.support.CronExpression;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A classic five-field cron expression (minute hour day-of-month month day-of-week, with names such as
 * {@code MON} and {@code JAN}, ranges, lists and steps) evaluated on the wall clock of a time zone. Across
 * daylight-saving changes every matching wall time fires exactly once: a time that does not exist (the
 * spring-forward gap) fires when the clock has jumped, shifted by the gap's length, as classic cron does;
 * a time that occurs twice (fall back) fires at its first occurrence. A backup is never silently skipped.
 */
public final class FiveFieldCron {

    /** One field of the classic form: items (*, a value or a range of values, each with an optional step), comma-separated. */
    private static final Pattern CLASSIC_FIELD;

    static {
        String value = "(?:\\d+|[A-Za-z]{3})";
        String item = "(?:\\*|" + value + "(?:-" + value + ")?)(?:/\\d+)?";
        CLASSIC_FIELD = Pattern.compile(item + "(?:," + item + ")*");
    }

    /** Where the search for a first firing starts: fixed, so that parsing does not depend on the clock. */
    private static final LocalDateTime EVER_SINCE = LocalDateTime.of(2000, 1, 1, 0, 0);

    private final String expression;
    private final CronExpression cron;
    private final ZoneId zone;

    private FiveFieldCron(String expression, CronExpression cron, ZoneId zone) {
        this.expression = expression;
        this.cron = cron;
        this.zone = zone;
    }

    /**
     * Parses {@code expression} in {@code timezone} (an IANA name, UTC when null).
     *
     * @throws InvalidScheduleException saying which part is wrong
     */
    public static FiveFieldCron parse(String expression, String timezone) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("INVALID_CRON", "A schedule needs a cron expression");
        }
        String trimmed = expression.strip().replaceAll("\\s+", " ");
        if (trimmed.split(" ").length != 5) {
            throw new InvalidScheduleException("INVALID_CRON", "'" + expression
                    + "' must have five fields: minute hour day-of-month month day-of-week");
        }
        for (String field : trimmed.split(" ")) {
            if (!CLASSIC_FIELD.matcher(field).matches()) {
                throw new InvalidScheduleException("INVALID_CRON", "'" + expression + "' is not a classic cron expression:"
                        + " each field takes numbers, three-letter names, *, ranges, lists and steps (not ?, L, W or #)");
            }
        }
        CronExpression cron;
        try {
            cron = CronExpression.parse("0 " + trimmed);
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("INVALID_CRON", "'" + expression + "' is not a valid cron expression: "
                    + e.getMessage());
        }
        if (cron.next(EVER_SINCE) == null) {
            throw new InvalidScheduleException("INVALID_CRON", "'" + expression + "' never fires (no such date)");
        }
        ZoneId zone;
        try {
            zone = timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("INVALID_TIMEZONE", "'" + timezone + "' is not an IANA time zone");
        }
        return new FiveFieldCron(trimmed, cron, zone);
    }

    /** The first firing strictly after {@code after}, if the expression ever fires again. */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        LocalDateTime wallClock = after.withZoneSameInstant(zone).toLocalDateTime();
        LocalDateTime next = cron.next(wallClock);
        return Optional.ofNullable(next).map(local -> ZonedDateTime.of(local, zone));
    }

    public ZoneId zone() {
        return zone;
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
