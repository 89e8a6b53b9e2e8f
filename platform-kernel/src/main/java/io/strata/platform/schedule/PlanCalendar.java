package io.strata.platform.schedule;

import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanSchedule;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * When a plan's schedules fire, merged into one timeline. Schedules that fire at the same instant make one
 * run at the highest of their levels, so "FULL on Monday at 01:00" with "DIFFERENTIAL every day at 01:00"
 * gives a FULL on Mondays and a DIFFERENTIAL on other days.
 */
public final class PlanCalendar {

    private final List<Entry> entries;

    public PlanCalendar(List<PlanSchedule> schedules) {
        this.entries = schedules.stream()
                .map(schedule -> new Entry(schedule.level(), FiveFieldCron.parse(schedule.cron(), schedule.timezone())))
                .toList();
    }

    /** The next {@code count} runs strictly after {@code after}, in time order. */
    public List<Run> next(Instant after, int count) {
        TreeMap<Instant, BackupLevel> runs = new TreeMap<>();
        for (Entry entry : entries) {
            ZonedDateTime cursor = after.atZone(ZoneOffset.UTC);
            for (int i = 0; i < count; i++) {
                Optional<ZonedDateTime> next = entry.cron.next(cursor);
                if (next.isEmpty()) {
                    break;
                }
                runs.merge(next.get().toInstant(), entry.level, BackupLevel::max);
                cursor = next.get();
            }
        }
        List<Run> result = new ArrayList<>();
        runs.forEach((at, level) -> {
            if (result.size() < count) {
                result.add(new Run(level, at));
            }
        });
        return result;
    }

    /** One run of a plan. */
    public record Run(BackupLevel level, Instant at) {
    }

    private record Entry(BackupLevel level, FiveFieldCron cron) {
    }
}
