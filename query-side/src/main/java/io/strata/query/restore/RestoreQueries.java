package io.strata.query.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.restore.FindRestoreQuery;
import io.strata.kernel.restore.RestoreStats;
import io.strata.kernel.restore.RestoreView;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Answers restore queries from {@code restore_view}. */
@Component
class RestoreQueries {

    private final TenantReads reads;
    private final ObjectMapper json;

    RestoreQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    Optional<RestoreView> handle(FindRestoreQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query("select restore_id, backup_id, target_server_id, target_path,"
                        + " status, requested_at, finished_at, stats, failure_code, failure_message, failed_files,"
                        + " source_location_id, requested_location_id, fallback_reason from restore_view where restore_id = ?",
                (rs, row) -> new RestoreView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                        rs.getString(8) == null ? RestoreStats.NONE : read(rs.getString(8), RestoreStats.class),
                        rs.getString(9) == null ? null : new RestoreView.Failure(rs.getString(9), rs.getString(10),
                                rs.getString(11) == null ? List.of() : read(rs.getString(11), new TypeReference<List<String>>() {
                                })),
                        rs.getString(12) == null ? null
                                : new RestoreView.Source(rs.getString(12), rs.getString(13), rs.getString(14))),
                query.restoreId().value()).stream().findFirst());
    }

    private <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON in restore_view", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable JSON in restore_view", e);
        }
    }
}
