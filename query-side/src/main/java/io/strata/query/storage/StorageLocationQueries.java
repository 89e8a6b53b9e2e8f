package io.strata.query.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.storage.FindStorageLocationsQuery;
import io.strata.kernel.storage.StorageLocationView;
import io.strata.kernel.storage.StorageType;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/** Answers storage-location queries from {@code storage_location_view}. */
@Component
class StorageLocationQueries {

    private static final TypeReference<Map<String, String>> SETTINGS = new TypeReference<>() {
    };

    private final TenantReads reads;
    private final ObjectMapper json;

    StorageLocationQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    List<StorageLocationView> handle(FindStorageLocationsQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query("select storage_location_id, name, type, settings, created_at"
                        + " from storage_location_view order by created_at, storage_location_id",
                (rs, row) -> new StorageLocationView(rs.getString(1), rs.getString(2), StorageType.valueOf(rs.getString(3)),
                        settings(rs.getString(4)), rs.getTimestamp(5).toInstant())));
    }

    private Map<String, String> settings(String text) {
        try {
            return json.readValue(text, SETTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable storage settings in storage_location_view", e);
        }
    }
}
