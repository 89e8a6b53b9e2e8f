package io.strata.command.plan;

import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.SourceType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST /api/v1/plans}, as API.md defines it. */
record PlanRequest(@NotBlank @Size(max = 100) String name,
                   @NotBlank @Size(max = 64) String serverId,
                   @NotEmpty @Size(max = 20) List<@Valid @NotNull Source> sources,
                   @NotBlank @Size(max = 64) String storageLocationId,
                   @Size(max = 5) List<@NotBlank String> replicaLocationIds,
                   @Size(max = 20) List<@Valid @NotNull Schedule> schedules,
                   @Valid Retention retention) {

    record Source(@NotNull SourceType type,
                  @Size(max = 100) List<@NotBlank @Size(max = 4096) String> paths,
                  @Size(max = 200) List<@NotBlank @Size(max = 1024) String> excludes,
                  @Size(max = 4096) String command,
                  @Size(max = 255) String fileName) {
    }

    record Schedule(@NotNull BackupLevel level, @NotBlank @Size(max = 200) String cron, @Size(max = 64) String timezone) {
    }

    record Retention(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly, Integer keepYearly,
                     Integer keepWithinDays, Boolean monthlyCleanup) {
    }
}
