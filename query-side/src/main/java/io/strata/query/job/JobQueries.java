package io.strata.query.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.job.FindJobsQuery;
import io.strata.kernel.job.JobView;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Answers job queries from the backup, restore and verification read models. */
@Component
class JobQueries {

    private final TenantReads reads;
    private final ObjectMapper json;

    JobQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    List<JobView> handle(FindJobsQuery query) {
        Timestamp after = Timestamp.from(query.endedAfter());
        return reads.read(query.tenantId(), jdbc -> {
            List<JobView> jobs = new ArrayList<>();
            jobs.addAll(jdbc.query("select backup_id, status, stats, requested_at, finished_at from backup_view"
                            + " where finished_at is null or finished_at > ?",
                    (rs, row) -> new JobView("BACKUP", rs.getString(1), rs.getString(2), rs.getString(1),
                            stats(rs.getString(3)), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))), after));
            jobs.addAll(jdbc.query("select restore_id, status, backup_id, requested_at, finished_at from restore_view"
                            + " where finished_at is null or finished_at > ?",
                    (rs, row) -> new JobView("RESTORE", rs.getString(1), rs.getString(2), rs.getString(3), null,
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))), after));
            jobs.addAll(jdbc.query("select verification_id, status, backup_id, requested_at, finished_at from verification_view"
                            + " where finished_at is null or finished_at > ?",
                    (rs, row) -> new JobView("VERIFICATION", rs.getString(1), rs.getString(2), rs.getString(3), null,
                            instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))), after));
            jobs.sort(Comparator.comparing(JobView::requestedAt).reversed());
            return jobs;
        });
    }

    private BackupStats stats(String text) {
        try {
            return text == null ? BackupStats.NONE : json.readValue(text, BackupStats.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable statistics in backup_view", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
