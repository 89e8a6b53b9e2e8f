package io.strata.standalone.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every projection rebuilt by replaying the event store ends with exactly the rows it had. */
class ProjectionReplayTest extends PlatformTest {

    private static final Map<String, String> TABLES = Map.of(
            "projection.tenant", "tenant_view, tenant_domain_view",
            "projection.server", "server_view, server_tenant_key_view",
            "projection.plan", "plan_view",
            "projection.storage", "storage_location_view",
            "projection.backup", "backup_view, backup_location_view, catalogue_plan_replica",
            "projection.restore", "restore_view",
            "projection.verification", "verification_view");

    @Autowired
    EventProcessingConfiguration processing;

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Test
    void replayRebuildsIdenticalReadModels() throws Exception {
        Tenant tenant = signUp();
        Path data = Files.createDirectories(localRoot.resolve("replay-" + System.nanoTime()));
        Files.writeString(data.resolve("a.txt"), "hello");
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        String location = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "l", "type", "LOCAL"))
                .text("storageLocationId");
        String plan = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", location,
                "schedules", List.of(Map.of("level", "FULL", "cron", "0 2 * * *")))).text("planId");
        String backup = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "DIFFERENTIAL"))
                .text("backupId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(api.get("/api/v1/backups/" + backup,
                tenant.accessToken()).text("status")));
        String verification = api.post("/api/v1/backups/" + backup + "/verifications", tenant.accessToken(),
                Map.of("readData", false)).text("verificationId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "VERIFIED".equals(api.get("/api/v1/verifications/" + verification,
                tenant.accessToken()).text("status")));
        String restore = api.post("/api/v1/backups/" + backup + "/restores", tenant.accessToken(),
                Map.of("targetPath", data.resolve("restored").toString())).text("restoreId");
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(api.get("/api/v1/restores/" + restore,
                tenant.accessToken()).text("status")));
        JsonNode server1 = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/servers/" + server,
                tenant.accessToken()).json(), s -> s.has("lastBackupId"));
        assertThat(server1.get("lastBackupId").asText()).isEqualTo(backup);

        // the backup's events as a node before revision 2 stored them: loading the aggregate reads them from the
        // table through the upcasters, so a finished backup refuses to be cancelled (not a 500 from an unreadable
        // event). (The replays below may be served the same events from the event store's cache of recent ones.)
        assertThat(storeBackupEventsAsRevisionOne(backup)).as("rewritten events: the completion at least").isPositive();
        assertProblem(api.post("/api/v1/backups/" + backup + "/cancel", tenant.accessToken(), Map.of()), 409,
                "BACKUP_FINISHED");
        // the restore's completion as a node before revision 2 stored it: the replay of the restores' projection
        // reads it through both upcasters of its statistics, in their order (revision 1 -> 2 -> 3)
        assertThat(storeRestoreCompletionAsRevisionOne(restore)).isEqualTo(1);

        for (var entry : TABLES.entrySet()) {
            List<String> before = rows(entry.getValue());
            assertThat(before).as(entry.getValue()).isNotEmpty();
            StreamingEventProcessor processor = processing.eventProcessor(entry.getKey(), StreamingEventProcessor.class)
                    .orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            processor.start();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(rows(entry.getValue())).as(entry.getKey()).isEqualTo(before));
        }
    }

    /**
     * Rewrites the backup's stored {@code BackupCompleted} and {@code BackupProgressed} events into their revision-1
     * shape (no revision, no failed or changed file counts, no file problems: it had none); answers how many it
     * rewrote. Other tests' backups in the same database keep theirs.
     */
    private int storeBackupEventsAsRevisionOne(String backupId) throws Exception {
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
                PreparedStatement statement = admin.prepareStatement("""
                    update domain_event_entry set payload_revision = null, payload = convert_to((
                        convert_from(payload, 'UTF8')::jsonb - 'fileProblems'
                            #- '{stats,filesFailed}' #- '{stats,filesChangedDuringRead}'
                            #- '{progress,filesFailed}' #- '{progress,filesChangedDuringRead}')::text, 'UTF8')
                    where aggregate_identifier = ?
                    and payload_type in ('io.strata.kernel.backup.BackupCompleted', 'io.strata.kernel.backup.BackupProgressed')
                    """)) {
            statement.setString(1, backupId);
            return statement.executeUpdate();
        }
    }

    /** Rewrites the restore's stored {@code RestoreCompleted} into its revision-1 shape (no revision, no counts of
     * owners or extended attributes left out); answers how many events it rewrote. */
    private int storeRestoreCompletionAsRevisionOne(String restoreId) throws Exception {
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
                PreparedStatement statement = admin.prepareStatement("""
                    update domain_event_entry set payload_revision = null, payload = convert_to((
                        convert_from(payload, 'UTF8')::jsonb #- '{stats,ownersNotApplied}' #- '{stats,xattrsNotApplied}')::text,
                        'UTF8')
                    where aggregate_identifier = ? and payload_type = 'io.strata.kernel.restore.RestoreCompleted'
                    """)) {
            statement.setString(1, restoreId);
            return statement.executeUpdate();
        }
    }

    /** Every row of the tables, in a stable order, read past row-level security by the administrator. */
    private List<String> rows(String tables) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER); Statement statement = admin.createStatement()) {
            for (String table : tables.split(",\\s*")) {
                try (ResultSet rs = statement.executeQuery("select * from " + table + " order by 1, 2")) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table).append(':');
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(';');
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }
}
