package io.strata.standalone.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.platform.database.DatabaseBootstrap;
import io.strata.platform.database.DatabaseProperties;
import io.strata.standalone.support.FreshDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rows the backup catalogue projected before statistics counted failed and changed files read, after the
 * migration, as counting none of them, and a successful backup's row names no file problems.
 */
class BackupFileProblemsMigrationTest {
    private static final String OLD_STATS = "{\"filesScanned\":10,\"filesRead\":4,\"filesUnchanged\":6,\"bytesScanned\":1000,"
            + "\"bytesRead\":400,\"bytesNew\":300,\"bytesStored\":200,\"durationMs\":1234}";
    private final String database = "strata_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String url = "jdbc:postgresql://" + FreshDatabase.host() + "/" + database;

    @AfterEach
    void drop() throws Exception {
        try (Connection admin = FreshDatabase.connect("postgres", FreshDatabase.ADMIN_USER);
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }

    private Flyway flyway(String target) {
        return Flyway.configure().dataSource(url, FreshDatabase.ADMIN_USER, "").locations("classpath:db/migration")
                .placeholders(Map.of("appRole", FreshDatabase.APP_ROLE)).target(target).load();
    }

    @Test
    void projectedRowsGainZeroCountsAndSucceededOnesAnEmptyList() throws Exception {
        new DatabaseBootstrap(new DatabaseProperties(url, FreshDatabase.APP_ROLE, "", FreshDatabase.ADMIN_USER, "", true,
                Duration.ofSeconds(5), 10)).prepare();
        flyway("20261127.1310").migrate();
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
                Statement statement = admin.createStatement()) {
            for (String[] row : new String[][] {{"ok", "SUCCEEDED", "'" + OLD_STATS + "'"}, {"bad", "FAILED", "null"}}) {
                statement.execute("insert into backup_view (backup_id, tenant_id, plan_id, server_id, storage_location_id,"
                        + " requested_level, level, status, dry_run, attempt, requested_at, stats) values ('" + row[0]
                        + "', 't', 'p', 's', 'l', 'FULL', 'FULL', '" + row[1] + "', false, 1, now(), " + row[2] + ")");
            }
        }

        flyway("latest").migrate();

        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
                Statement statement = admin.createStatement();
                ResultSet rs = statement.executeQuery("select backup_id, stats, file_problems from backup_view order by 1")) {
            ObjectMapper json = new ObjectMapper();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("backup_id")).isEqualTo("bad");
            assertThat(rs.getString("stats")).isNull();
            assertThat(rs.getString("file_problems")).as("a failed backup names no problems").isNull();
            assertThat(rs.next()).isTrue();
            JsonNode stats = json.readTree(rs.getString("stats"));
            assertThat(stats.get("filesFailed").asLong()).isZero();
            assertThat(stats.get("filesChangedDuringRead").asLong()).isZero();
            assertThat(stats.get("bytesStored").asLong()).as("the rest kept").isEqualTo(200);
            assertThat(json.readTree(rs.getString("file_problems"))).isEmpty();
        }
    }
}
