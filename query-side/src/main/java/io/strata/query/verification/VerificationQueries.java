package io.strata.query.verification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.verification.FindVerificationQuery;
import io.strata.kernel.verification.IntegrityProblem;
import io.strata.kernel.verification.VerificationView;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Answers verification queries from {@code verification_view}. */
@Component
class VerificationQueries {

    private static final TypeReference<List<IntegrityProblem>> PROBLEMS = new TypeReference<>() {
    };

    private final TenantReads reads;
    private final ObjectMapper json;

    VerificationQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    Optional<VerificationView> handle(FindVerificationQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query("select verification_id, backup_id, read_data, status,"
                        + " chunks_checked, problems, failure_code, requested_at, finished_at from verification_view"
                        + " where verification_id = ?",
                (rs, row) -> new VerificationView(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        rs.getLong(5), problems(rs.getString(6)), rs.getString(7), rs.getTimestamp(8).toInstant(),
                        rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()),
                query.verificationId().value()).stream().findFirst());
    }

    private List<IntegrityProblem> problems(String text) {
        try {
            return json.readValue(text, PROBLEMS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable problems in verification_view", e);
        }
    }
}
