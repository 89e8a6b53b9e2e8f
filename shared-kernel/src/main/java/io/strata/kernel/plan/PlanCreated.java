package io.strata.kernel.plan;

import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.util.List;

/** A plan exists with this definition. */
public record PlanCreated(PlanId planId,
                          TenantId tenantId,
                          String name,
                          ServerId serverId,
                          List<PlanSource> sources,
                          StorageLocationId storageLocationId,
                          List<StorageLocationId> replicaLocationIds,
                          List<PlanSchedule> schedules,
                          RetentionPolicy retention) implements TenantOwned {
}
