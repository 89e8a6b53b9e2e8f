package io.strata.query.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.plan.FindPlanQuery;
import io.strata.kernel.plan.FindPlansQuery;
import io.strata.kernel.plan.PlanCreated;
import io.strata.kernel.plan.PlanView;
import io.strata.platform.schedule.PlanCalendar;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Answers plan queries from {@code plan_view}, with next runs as of now. */
@Component
class PlanQueries {

    static final int NEXT_RUNS = 10;

    private final TenantReads reads;
    private final ObjectMapper json;
    private final Clock clock;

    PlanQueries(TenantReads reads, ObjectMapper json, Clock clock) {
        this.reads = reads;
        this.json = json;
        this.clock = clock;
    }

    @QueryHandler
    Optional<PlanView> handle(FindPlanQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query("select definition, created_at from plan_view where plan_id = ?",
                view(), query.planId().value()).stream().findFirst());
    }

    @QueryHandler
    List<PlanView> handle(FindPlansQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(
                "select definition, created_at from plan_view order by created_at, plan_id", view()));
    }

    private RowMapper<PlanView> view() {
        return (rs, row) -> {
            PlanCreated plan = read(rs.getString(1));
            List<PlanView.NextRun> nextRuns = new PlanCalendar(plan.schedules()).next(clock.instant(), NEXT_RUNS).stream()
                    .map(run -> new PlanView.NextRun(run.level(), run.at())).toList();
            return new PlanView(plan.planId().value(), plan.name(), plan.serverId().value(), plan.sources(),
                    plan.storageLocationId().value(), plan.replicaLocationIds().stream().map(StorageLocationId::value).toList(),
                    plan.schedules(), plan.retention(), nextRuns, rs.getTimestamp(2).toInstant());
        };
    }

    private PlanCreated read(String definition) {
        try {
            return json.readValue(definition, PlanCreated.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable plan definition in plan_view", e);
        }
    }
}
