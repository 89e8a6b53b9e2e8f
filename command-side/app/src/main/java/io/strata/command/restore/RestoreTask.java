package io.strata.command.restore;

import java.io.Serializable;
import java.util.List;

/** A restore as a unit of claimed work: everything the worker needs, and who asked. */
record RestoreTask(String restoreId, String tenantId, String backupId, String targetServerId, String targetPath,
                   List<String> paths, boolean overwrite, String sourceLocationId, List<String> snapshotIds,
                   String requestedBy) implements Serializable {
}
