package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** The restore failed with a stable code; {@code failedFiles} names the files that could not be restored. */
public record FailRestoreCommand(@TargetAggregateIdentifier RestoreId restoreId,
                                 TenantId tenantId,
                                 String code,
                                 String message,
                                 RestoreStats stats,
                                 List<String> failedFiles) implements TenantOwned {
}
