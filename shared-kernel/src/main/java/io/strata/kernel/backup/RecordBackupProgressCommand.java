package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A running attempt's heartbeat with its progress so far; answered with whether cancellation was asked
 * for.
 */
public record RecordBackupProgressCommand(@TargetAggregateIdentifier BackupId backupId,
                                          TenantId tenantId,
                                          int attempt,
                                          BackupStats progress) implements TenantOwned {
}
