package io.strata.query.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.plan.PlanCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code plan_view}; the definition is kept as the event's JSON. */
@Component
@ProcessingGroup(PlanProjection.GROUP)
class PlanProjection {

    static final String GROUP = "projection.plan";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    PlanProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PlanCreated event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("insert into plan_view (plan_id, tenant_id, name, server_id, definition, created_at)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict (plan_id) do nothing", event.planId().value(),
                event.tenantId().value(), event.name(), event.serverId().value(), json.writeValueAsString(event),
                java.sql.Timestamp.from(at));
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table plan_view");
    }
}
