package io.strata.command.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageType;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The storage locations the command side can open, recorded with the events that create them. */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
public class StorageLocationRegistry {

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public StorageLocationRegistry(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(StorageLocationCreated event, @Timestamp Instant at) throws JsonProcessingException {
        jdbc.update("insert into storage_location_registry (storage_location_id, tenant_id, name, type, settings, created_at)"
                        + " values (?, ?, ?, ?, ?, ?) on conflict (storage_location_id) do nothing",
                event.storageLocationId().value(), event.tenantId().value(), event.name(), event.type().name(),
                json.writeValueAsString(event.settings()), java.sql.Timestamp.from(at));
    }

    /** The tenant's location, unless it is another tenant's or unknown. */
    public Optional<RegisteredLocation> find(TenantId tenantId, StorageLocationId id) {
        return jdbc.query("select name, type, settings from storage_location_registry"
                        + " where storage_location_id = ? and tenant_id = ?",
                (rs, row) -> new RegisteredLocation(id, tenantId, rs.getString(1), StorageType.valueOf(rs.getString(2)),
                        settings(rs.getString(3))), id.value(), tenantId.value()).stream().findFirst();
    }

    /** Every tenant's locations, for the node-wide health probe. */
    List<RegisteredLocation> all() {
        return jdbc.query("select storage_location_id, tenant_id, name, type, settings from storage_location_registry"
                        + " order by storage_location_id",
                (rs, row) -> new RegisteredLocation(StorageLocationId.of(rs.getString(1)), TenantId.of(rs.getString(2)),
                        rs.getString(3), StorageType.valueOf(rs.getString(4)), settings(rs.getString(5))));
    }

    /**
     * Claims the location's usage measurement if none was taken since {@code now - interval}: answers true (and
     * records {@code now}) for one caller per interval, whichever node asks.
     */
    boolean claimUsageMeasurement(StorageLocationId id, Instant now, Duration interval) {
        return jdbc.update("update storage_location_registry set usage_measured_at = ? where storage_location_id = ?"
                        + " and (usage_measured_at is null or usage_measured_at <= ?)", java.sql.Timestamp.from(now),
                id.value(), java.sql.Timestamp.from(now.minus(interval))) == 1;
    }

    private Map<String, String> settings(String text) {
        try {
            return json.readValue(text, SETTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable storage settings in the registry", e);
        }
    }

    /** A location as workers need it (credentials are read separately, sealed). */
    public record RegisteredLocation(StorageLocationId id, TenantId tenantId, String name, StorageType type,
                                     Map<String, String> settings) {
    }
}
