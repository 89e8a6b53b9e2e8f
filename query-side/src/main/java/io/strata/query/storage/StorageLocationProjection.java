package io.strata.query.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.storage.StorageLocationCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code storage_location_view}. */
@Component
@ProcessingGroup(StorageLocationProjection.GROUP)
class StorageLocationProjection {

    static final String GROUP = "projection.storage";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    StorageLocationProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(StorageLocationCreated event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("insert into storage_location_view (storage_location_id, tenant_id, name, type, settings, created_at)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict (storage_location_id) do nothing",
                event.storageLocationId().value(), event.tenantId().value(), event.name(), event.type().name(),
                json.writeValueAsString(event.settings()), java.sql.Timestamp.from(at));
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table storage_location_view");
    }
}
