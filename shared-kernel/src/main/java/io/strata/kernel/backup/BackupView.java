package io.strata.kernel.backup;

import io.strata.kernel.plan.BackupLevel;

import java.time.Instant;
import java.util.List;

/** A backup as the catalogue shows it (API.md's {@code GET /api/v1/backups/{id}}). */
public record BackupView(String backupId,
                         String planId,
                         String serverId,
                         BackupLevel requestedLevel,
                         BackupLevel level,
                         String levelReason,
                         String baseBackupId,
                         BackupStatus status,
                         boolean dryRun,
                         int attempt,
                         Instant requestedAt,
                         Instant startedAt,
                         Instant finishedAt,
                         BackupStats stats,
                         List<FileProblem> fileProblems,
                         Failure failure,
                         List<Location> locations,
                         Integrity integrity) {

    /** Why a backup failed: a stable code and a message for people. */
    public record Failure(String code, String message) {
    }

    /** Where the backup's data is, and whether it is all there. */
    public record Location(String storageLocationId, String role, String status) {
    }

    /** The outcome of the backup's latest verification. */
    public record Integrity(String status, Instant verifiedAt) {
    }
}
