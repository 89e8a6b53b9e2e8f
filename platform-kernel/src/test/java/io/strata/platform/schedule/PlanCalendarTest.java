package io.strata.platform.schedule;

import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanSchedule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Five-field cron in time zones, and merged plan timelines where the higher level wins. */
class PlanCalendarTest {

    @Test
    void fullOnMondayDifferentialOtherDays() {
        PlanCalendar calendar = new PlanCalendar(List.of(
                new PlanSchedule(BackupLevel.FULL, "0 1 * * MON", "Europe/Paris"),
                new PlanSchedule(BackupLevel.DIFFERENTIAL, "0 1 * * *", "Europe/Paris")));

        // Sunday 2026-11-29 12:00 UTC; Paris is UTC+1 in winter, so 01:00 Paris is 00:00 UTC.
        List<PlanCalendar.Run> runs = calendar.next(Instant.parse("2026-11-29T12:00:00Z"), 7);

        assertThat(runs).extracting(PlanCalendar.Run::at).containsExactly(
                Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-02T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z"),
                Instant.parse("2026-12-04T00:00:00Z"), Instant.parse("2026-12-05T00:00:00Z"),
                Instant.parse("2026-12-06T00:00:00Z"));
        assertThat(runs).extracting(PlanCalendar.Run::level).containsExactly(BackupLevel.FULL,
                BackupLevel.DIFFERENTIAL, BackupLevel.DIFFERENTIAL, BackupLevel.DIFFERENTIAL, BackupLevel.DIFFERENTIAL,
                BackupLevel.DIFFERENTIAL, BackupLevel.DIFFERENTIAL);
    }

    @Test
    void followsDaylightSavingTime() {
        PlanCalendar calendar = new PlanCalendar(List.of(new PlanSchedule(BackupLevel.FULL, "30 2 * * *", "Europe/Berlin")));
        // 2027-03-28 02:30 does not exist in Berlin (clocks jump from 02:00 to 03:00).
        List<PlanCalendar.Run> runs = calendar.next(Instant.parse("2027-03-27T12:00:00Z"), 2);
        assertThat(runs.get(0).at()).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
        assertThat(runs.get(1).at()).isEqualTo(Instant.parse("2027-03-29T00:30:00Z"));
    }

    @Test
    void aRepeatedWallTimeFiresOnce() {
        PlanCalendar calendar = new PlanCalendar(List.of(new PlanSchedule(BackupLevel.FULL, "30 2 * * *", "Europe/Berlin")));
        // 2027-10-31 02:30 happens twice in Berlin (clocks fall back from 03:00 to 02:00).
        List<PlanCalendar.Run> runs = calendar.next(Instant.parse("2027-10-30T12:00:00Z"), 2);
        assertThat(runs.get(0).at()).isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
        assertThat(runs.get(1).at()).isEqualTo(Instant.parse("2027-11-01T01:30:00Z"));
    }

    @Test
    void refusesBadExpressionsAndZones() {
        assertThatThrownBy(() -> FiveFieldCron.parse("0 1 * *", null)).hasMessageContaining("five fields");
        assertThatThrownBy(() -> FiveFieldCron.parse("0 25 * * *", null)).isInstanceOf(InvalidScheduleException.class)
                .extracting(e -> ((InvalidScheduleException) e).code()).isEqualTo("INVALID_CRON");
        assertThatThrownBy(() -> FiveFieldCron.parse("0 1 * * MON", "Mars/Olympus"))
                .extracting(e -> ((InvalidScheduleException) e).code()).isEqualTo("INVALID_TIMEZONE");
        assertThat(FiveFieldCron.parse(" */15  * * * 1-5 ", "UTC").toString()).isEqualTo("*/15 * * * 1-5 (UTC)");
    }

    @Test
    void refusesWhatIsNotClassicCronOrNeverFires() {
        for (String notClassic : new String[]{"0 1 ? * MON", "0 1 L * *", "0 1 * * 5L", "0 1 15W * *", "0 1 * * MON#2", "0 1 * * MONDAY"}) {
            assertThatThrownBy(() -> FiveFieldCron.parse(notClassic, null)).as(notClassic)
                    .isInstanceOf(InvalidScheduleException.class).hasMessageContaining("classic")
                    .extracting(e -> ((InvalidScheduleException) e).code()).isEqualTo("INVALID_CRON");
        }
        assertThatThrownBy(() -> FiveFieldCron.parse("0 0 30 2 *", null)).hasMessageContaining("never fires")
                .extracting(e -> ((InvalidScheduleException) e).code()).isEqualTo("INVALID_CRON");
        for (String classic : new String[]{"0 0 29 2 *", "0 0 29 2 MON", "0 1 * * MON-FRI", "5,35 */2 1-7 JAN-MAR,DEC SUN", "0-30/10 * * * *"}) {
            assertThat(FiveFieldCron.parse(classic, null).toString()).as(classic).startsWith(classic);
        }
    }
}
