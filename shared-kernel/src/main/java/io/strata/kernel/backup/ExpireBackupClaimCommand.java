package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The attempt's worker stopped sending heartbeats: its claim is void. */
public record ExpireBackupClaimCommand(@TargetAggregateIdentifier BackupId backupId,
                                       TenantId tenantId,
                                       int attempt) implements TenantOwned {
}
