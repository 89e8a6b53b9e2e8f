package io.strata.query.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.backup.BackupStatus;
import io.strata.kernel.backup.BackupView;
import io.strata.kernel.backup.FindBackupQuery;
import io.strata.kernel.backup.FindBackupsQuery;
import io.strata.kernel.plan.BackupLevel;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Answers catalogue queries from {@code backup_view}. */
@Component
class BackupCatalogueQueries {

    private static final String SELECT = "select backup_id, plan_id, server_id, storage_location_id, requested_level, level,"
            + " level_reason, base_backup_id, status, dry_run, attempt, requested_at, started_at, finished_at, stats,"
            + " file_problems, failure_code, failure_message, integrity_status, verified_at from backup_view";
    static final int LIMIT = 500;

    private final TenantReads reads;
    private final ObjectMapper json;

    BackupCatalogueQueries(TenantReads reads, ObjectMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @QueryHandler
    Optional<BackupView> handle(FindBackupQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(SELECT + " where backup_id = ?", view(jdbc),
                query.backupId().value()).stream().findFirst());
    }

    @QueryHandler
    List<BackupView> handle(FindBackupsQuery query) {
        StringBuilder sql = new StringBuilder(SELECT + " where true");
        List<Object> args = new ArrayList<>();
        if (query.planId() != null) {
            sql.append(" and plan_id = ?");
            args.add(query.planId());
        }
        if (query.serverId() != null) {
            sql.append(" and server_id = ?");
            args.add(query.serverId());
        }
        if (query.status() != null) {
            sql.append(" and status = ?");
            args.add(query.status().name());
        }
        if (query.level() != null) {
            sql.append(" and level = ?");
            args.add(query.level().name());
        }
        sql.append(" order by requested_at desc, backup_id limit ").append(LIMIT);
        return reads.read(query.tenantId(), jdbc -> jdbc.query(sql.toString(), view(jdbc), args.toArray()));
    }

    private RowMapper<BackupView> view(JdbcTemplate jdbc) {
        return (rs, row) -> {
            BackupStatus status = BackupStatus.valueOf(rs.getString("status"));
            boolean dryRun = rs.getBoolean("dry_run");
            String code = rs.getString("failure_code");
            return new BackupView(rs.getString("backup_id"), rs.getString("plan_id"), rs.getString("server_id"),
                    BackupLevel.valueOf(rs.getString("requested_level")), BackupLevel.valueOf(rs.getString("level")),
                    rs.getString("level_reason"), rs.getString("base_backup_id"), status, dryRun, rs.getInt("attempt"),
                    instant(rs.getTimestamp("requested_at")), instant(rs.getTimestamp("started_at")),
                    instant(rs.getTimestamp("finished_at")), stats(rs.getString("stats")),
                    fileProblems(rs.getString("file_problems")),
                    code == null ? null : new BackupView.Failure(code, rs.getString("failure_message")),
                    locations(jdbc, rs.getString("backup_id")),
                    new BackupView.Integrity(rs.getString("integrity_status"), instant(rs.getTimestamp("verified_at"))));
        };
    }

    private static List<BackupView.Location> locations(JdbcTemplate jdbc, String backupId) {
        return jdbc.query("select storage_location_id, role, status from backup_location_view where backup_id = ?"
                        + " order by position, storage_location_id",
                (rs, row) -> new BackupView.Location(rs.getString(1), rs.getString(2), rs.getString(3)), backupId);
    }

    private BackupStats stats(String text) {
        if (text == null) {
            return BackupStats.NONE;
        }
        try {
            return json.readValue(text, BackupStats.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable statistics in backup_view", e);
        }
    }

    private List<FileProblem> fileProblems(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return List.of(json.readValue(text, FileProblem[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable file problems in backup_view", e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
