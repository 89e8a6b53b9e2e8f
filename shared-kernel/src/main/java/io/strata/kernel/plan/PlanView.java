package io.strata.kernel.plan;

import java.time.Instant;
import java.util.List;

/** A plan as the API shows it, with its next scheduled runs. */
public record PlanView(String planId,
                       String name,
                       String serverId,
                       List<PlanSource> sources,
                       String storageLocationId,
                       List<String> replicaLocationIds,
                       List<PlanSchedule> schedules,
                       RetentionPolicy retention,
                       List<NextRun> nextRuns,
                       Instant createdAt) {

    /** When the plan's schedules fire next, and at which level. */
    public record NextRun(BackupLevel level, Instant at) {
    }
}
