package io.strata.command.plan;

import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.CreatePlanCommand;
import io.strata.kernel.plan.PlanCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A tenant's backup plan. Its definition was checked against the tenant's servers and locations. */
@Aggregate
class Plan {

    @AggregateIdentifier
    private PlanId planId;
    private TenantId tenantId;

    protected Plan() {
        // for Axon
    }

    @CommandHandler
    Plan(CreatePlanCommand command) {
        apply(new PlanCreated(command.planId(), command.tenantId(), command.name(), command.serverId(), command.sources(),
                command.storageLocationId(), command.replicaLocationIds(), command.schedules(), command.retention()));
    }

    @EventSourcingHandler
    void on(PlanCreated event) {
        this.planId = event.planId();
        this.tenantId = event.tenantId();
    }
}
