package io.strata.kernel.restore;

import java.time.Instant;
import java.util.List;

/**
 * A restore as API.md shows it ({@code GET /api/v1/restores/{id}}); {@code source} is the location it read from,
 * once its worker opened one.
 */
public record RestoreView(String restoreId, String backupId, String targetServerId, String targetPath, String status,
                          Instant requestedAt, Instant finishedAt, RestoreStats stats, Failure failure, Source source) {

    /**
     * Where the restore read the backup: {@code storageLocationId}; {@code fallbackReason} is set when that is a
     * replica standing in for the location asked for ({@code requestedLocationId}), which could not be opened.
     */
    public record Source(String storageLocationId, String requestedLocationId, String fallbackReason) {
    }

    /** Why a restore failed, and which files could not be restored. */
    public record Failure(String code, String message, List<String> failedFiles) {
    }
}
