package io.strata.kernel.verification;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

import java.util.List;

/** A verification was requested. */
public record VerificationRequested(VerificationId verificationId,
                                    TenantId tenantId,
                                    BackupId backupId,
                                    boolean readData,
                                    StorageLocationId storageLocationId,
                                    List<String> snapshotIds) implements TenantOwned {
}
