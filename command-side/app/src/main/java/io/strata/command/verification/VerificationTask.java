package io.strata.command.verification;

import java.io.Serializable;
import java.util.List;

/** A verification as a unit of claimed work. */
record VerificationTask(String verificationId, String tenantId, boolean readData, String storageLocationId,
                        List<String> snapshotIds, String requestedBy) implements Serializable {
}
