package io.strata.kernel.verification;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;

import java.util.List;

/** Damage was found: every damaged object and the backup files it affects. */
public record IntegrityCheckFailed(VerificationId verificationId,
                                   TenantId tenantId,
                                   BackupId backupId,
                                   boolean readData,
                                   long chunksChecked,
                                   List<IntegrityProblem> problems) implements TenantOwned {
}
