package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A worker claims attempt {@code attempt} of a backup. Refused for a stale attempt or a backup no longer
 * waiting.
 */
public record StartBackupCommand(@TargetAggregateIdentifier BackupId backupId,
                                 TenantId tenantId,
                                 int attempt,
                                 String worker) implements TenantOwned {
}
