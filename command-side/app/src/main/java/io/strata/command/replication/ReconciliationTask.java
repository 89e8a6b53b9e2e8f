package io.strata.command.replication;

import java.io.Serializable;

/** Reconciling the tenant's repository in a replica location with the one in its primary, as claimed work. */
record ReconciliationTask(String tenantId, String primaryLocationId, String replicaLocationId) implements Serializable {

    String instanceId() {
        return tenantId + ":" + primaryLocationId + ">" + replicaLocationId;
    }
}
