package io.strata.query.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.storage.StorageLocationAvailable;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageLocationRecovered;
import io.strata.kernel.storage.StorageLocationUnavailable;
import io.strata.kernel.storage.StorageUsageMeasured;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code storage_location_view}: locations, their health as their probes changed it, and their usage. */
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

    @EventHandler
    void on(StorageLocationAvailable event) {
        health(event.storageLocationId().value(), "AVAILABLE", null, event.at());
    }

    @EventHandler
    void on(StorageLocationRecovered event) {
        health(event.storageLocationId().value(), "AVAILABLE", null, event.at());
    }

    @EventHandler
    void on(StorageLocationUnavailable event) {
        health(event.storageLocationId().value(), "UNAVAILABLE", event.reason(), event.at());
    }

    @EventHandler
    void on(StorageUsageMeasured event) {
        jdbc.update("update storage_location_view set used_bytes = ?, used_objects = ?, usage_measured_at = ?"
                        + " where storage_location_id = ?",
                event.usedBytes(), event.objects(), ts(event.at()), event.storageLocationId().value());
    }

    private void health(String location, String status, String reason, Instant at) {
        jdbc.update("update storage_location_view set health_status = ?, health_reason = ?, health_since = ?"
                + " where storage_location_id = ?", status, reason, ts(at), location);
    }

    private static java.sql.Timestamp ts(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table storage_location_view");
    }
}
