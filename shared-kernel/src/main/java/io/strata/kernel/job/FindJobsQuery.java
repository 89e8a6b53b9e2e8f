package io.strata.kernel.job;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.time.Instant;

/** The tenant's jobs that are running, waiting, or ended after {@code endedAfter}; answered with {@link JobView}s. */
public record FindJobsQuery(TenantId tenantId, Instant endedAfter) implements TenantOwned {
}
