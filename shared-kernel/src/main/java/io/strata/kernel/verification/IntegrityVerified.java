package io.strata.kernel.verification;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

/** The backup's data was read back and is intact. */
public record IntegrityVerified(VerificationId verificationId,
                                TenantId tenantId,
                                BackupId backupId,
                                boolean readData,
                                long chunksChecked) implements TenantOwned {
}
