package io.strata.kernel.plan;

import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Creates a plan; the caller has checked that its server and locations are the tenant's. */
public record CreatePlanCommand(@TargetAggregateIdentifier PlanId planId,
                                TenantId tenantId,
                                String name,
                                ServerId serverId,
                                List<PlanSource> sources,
                                StorageLocationId storageLocationId,
                                List<StorageLocationId> replicaLocationIds,
                                List<PlanSchedule> schedules,
                                RetentionPolicy retention) implements TenantOwned {
}
