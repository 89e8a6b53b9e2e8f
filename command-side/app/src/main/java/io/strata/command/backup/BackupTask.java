package io.strata.command.backup;

import java.io.Serializable;

/**
 * One attempt of a backup as a unit of claimed work: what a worker needs to find the run ({@code backupId},
 * {@code tenantId}), which attempt it may claim, and who asked (for the metadata of the worker's commands).
 */
public record BackupTask(String backupId, String tenantId, int attempt, String requestedBy) implements Serializable {

    /** The work item's unique name: one per attempt, so a retried attempt never collides with a dead one. */
    String instanceId() {
        return backupId + "#" + attempt;
    }
}
