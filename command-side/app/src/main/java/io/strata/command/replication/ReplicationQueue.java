package io.strata.command.replication;

import io.strata.command.registry.ClaimedWork;
import io.strata.command.plan.PlanRegistry;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/** What the replication saga needs of the platform: a plan's replicas, and a queue for replication work. */
interface ReplicationQueue {

    /** The replica locations of the plan, in its order (none for an unknown plan). */
    List<StorageLocationId> replicasOf(TenantId tenantId, PlanId planId);

    /** Queues the replication of one backup to one replica, once. */
    void enqueue(ReplicationTask task);

    /** Plans from the plan registry, work on db-scheduler. */
    @Component
    class Platform implements ReplicationQueue {
        private final PlanRegistry plans;
        private final ClaimedWork work;
        private final Clock clock;

        Platform(PlanRegistry plans, ClaimedWork work, Clock clock) {
            this.plans = plans;
            this.work = work;
            this.clock = clock;
        }

        @Override
        public List<StorageLocationId> replicasOf(TenantId tenantId, PlanId planId) {
            return plans.find(tenantId, planId).map(plan -> plan.replicaLocationIds()).orElse(List.of());
        }

        @Override
        public void enqueue(ReplicationTask task) {
            work.queue(ReplicationRunTask.DESCRIPTOR.instance(task.instanceId()).data(task).scheduledTo(clock.instant()));
        }
    }
}
