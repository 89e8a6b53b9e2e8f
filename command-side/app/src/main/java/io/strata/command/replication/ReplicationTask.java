package io.strata.command.replication;

import java.io.Serializable;

/** Bringing one replica location up to date with one backup's primary, as a unit of claimed work. */
record ReplicationTask(String backupId, String tenantId, String storageLocationId, int attempt, String requestedBy)
        implements Serializable {

    String instanceId() {
        return backupId + "@" + storageLocationId;
    }

    ReplicationTask next() {
        return new ReplicationTask(backupId, tenantId, storageLocationId, attempt + 1, requestedBy);
    }
}
