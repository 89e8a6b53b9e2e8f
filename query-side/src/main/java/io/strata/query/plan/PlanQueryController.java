package io.strata.query.plan;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.plan.FindPlanQuery;
import io.strata.kernel.plan.FindPlansQuery;
import io.strata.kernel.plan.PlanView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/plans[/{id}]}: the caller's plans with their next runs. */
@RestController
@RequestMapping("/api/v1/plans")
class PlanQueryController {

    private final QueryGateway queries;

    PlanQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    List<PlanView> plans() {
        return queries.query(new FindPlansQuery(CurrentCaller.require().tenantId()),
                ResponseTypes.multipleInstancesOf(PlanView.class)).join();
    }

    @GetMapping("/{planId}")
    PlanView plan(@PathVariable String planId) {
        PlanId id;
        try {
            id = PlanId.of(planId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The plan");
        }
        return queries.query(new FindPlanQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(PlanView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The plan"));
    }
}
