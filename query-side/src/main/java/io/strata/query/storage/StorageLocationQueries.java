package io.strata.query.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.storage.FindStorageLocationQuery;
import io.strata.kernel.storage.FindStorageLocationsQuery;
import io.strata.kernel.storage.StorageLocationHealth;
import io.strata.kernel.storage.StorageLocationView;
import io.strata.kernel.storage.StorageType;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Answers storage-location queries from {@code storage_location_view}. */
@Component
class StorageLocationQueries {

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };
    private static final String COLUMNS = "select storage_location_id, name, type, settings, created_at, health_status,"
            + " health_reason, health_since, used_bytes, used_objects, usage_measured_at from storage_location_view";

    private final TenantReads reads;
    private final ObjectMapper json;

    StorageLocationQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    List<StorageLocationView> handle(FindStorageLocationsQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(COLUMNS + " order by created_at, storage_location_id",
                view()));
    }

    @QueryHandler
    Optional<StorageLocationView> handle(FindStorageLocationQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(COLUMNS + " where storage_location_id = ?", view(),
                query.storageLocationId().value()).stream().findFirst());
    }

    private RowMapper<StorageLocationView> view() {
        return (rs, row) -> new StorageLocationView(rs.getString(1), rs.getString(2), StorageType.valueOf(rs.getString(3)),
                settings(rs.getString(4)), rs.getTimestamp(5).toInstant(),
                new StorageLocationHealth(rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8))),
                rs.getObject(9, Long.class), rs.getObject(10, Long.class), instant(rs.getTimestamp(11)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private Map<String, String> settings(String text) {
        try {
            return json.readValue(text, SETTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable storage settings in storage_location_view", e);
        }
    }
}
