package io.strata.command.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.PlanCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/** The plans workers run, recorded (as their defining event) with the events that create them. */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
public class PlanRegistry {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PlanRegistry(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(PlanCreated event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("insert into plan_registry (plan_id, tenant_id, server_id, definition, created_at)"
                        + " values (?, ?, ?, ?, ?) on conflict (plan_id) do nothing", event.planId().value(),
                event.tenantId().value(), event.serverId().value(), json.writeValueAsString(event), java.sql.Timestamp.from(at));
    }

    /** The tenant's plan as created, unless it is another tenant's or unknown. */
    public Optional<PlanCreated> find(TenantId tenantId, PlanId planId) {
        return jdbc.query("select definition from plan_registry where plan_id = ? and tenant_id = ?",
                (rs, row) -> read(rs.getString(1)), planId.value(), tenantId.value()).stream().findFirst();
    }

    private PlanCreated read(String definition) {
        try {
            return json.readValue(definition, PlanCreated.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable plan in the registry", e);
        }
    }
}
