package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks to cancel a backup: at once if no worker has claimed it, else when the worker stops. */
public record CancelBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                  TenantId tenantId) implements TenantOwned {
}
