package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The worker stopped an attempt because cancellation was asked for; it wrote no snapshot. */
public record ConfirmBackupCancelledCommand(@TargetAggregateIdentifier BackupId backupId,
                                            TenantId tenantId,
                                            int attempt) implements TenantOwned {
}
