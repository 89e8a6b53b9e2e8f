package io.strata.kernel.verification;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import io.strata.kernel.identity.VerificationId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Requests a verification of a successful backup's repository; {@code readData} reads and decrypts every
 * blob.
 */
public record RequestVerificationCommand(@TargetAggregateIdentifier VerificationId verificationId,
                                         TenantId tenantId,
                                         BackupId backupId,
                                         boolean readData,
                                         StorageLocationId storageLocationId,
                                         List<String> snapshotIds) implements TenantOwned {
}
