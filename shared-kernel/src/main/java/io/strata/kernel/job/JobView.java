package io.strata.kernel.job;

import io.strata.kernel.backup.BackupStats;

import java.time.Instant;

/**
 * A job: its kind ({@code BACKUP}, {@code RESTORE}, {@code VERIFICATION}), id, status, the backup it concerns,
 * progress so far (backups), and when it was requested and ended.
 */
public record JobView(String kind, String id, String status, String backupId, BackupStats progress, Instant requestedAt,
                      Instant endedAt) {
}
