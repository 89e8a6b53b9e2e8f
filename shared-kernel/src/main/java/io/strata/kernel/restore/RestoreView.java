package io.strata.kernel.restore;

import java.time.Instant;
import java.util.List;

/** A restore as API.md shows it ({@code GET /api/v1/restores/{id}}). */
public record RestoreView(String restoreId, String backupId, String targetServerId, String targetPath, String status,
                          Instant requestedAt, Instant finishedAt, RestoreStats stats, Failure failure) {

    /** Why a restore failed, and which files could not be restored. */
    public record Failure(String code, String message, List<String> failedFiles) {
    }
}
