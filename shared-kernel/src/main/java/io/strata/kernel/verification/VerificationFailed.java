package io.strata.kernel.verification;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

/** The verification could not run to its end; nothing is known about the data. */
public record VerificationFailed(VerificationId verificationId,
                                 TenantId tenantId,
                                 BackupId backupId,
                                 String code,
                                 String message) implements TenantOwned {
}
