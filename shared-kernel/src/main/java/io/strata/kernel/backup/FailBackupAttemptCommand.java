package io.strata.kernel.backup;

import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The attempt failed with a stable {@code code}; a {@code retryable} failure is retried while attempts
 * remain.
 */
public record FailBackupAttemptCommand(@TargetAggregateIdentifier BackupId backupId,
                                       TenantId tenantId,
                                       int attempt,
                                       String code,
                                       String message,
                                       boolean retryable) implements TenantOwned {
}
