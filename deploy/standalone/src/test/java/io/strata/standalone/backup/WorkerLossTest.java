package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.NodeProcess;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed while it runs a backup: its claim expires, the run is retried as attempt 2 on another node,
 * and ends SUCCEEDED with exactly one snapshot. This test's own node runs no backups, so the work goes to
 * the nodes started (and killed) here.
 */
@TestPropertySource(properties = "strata.backup.worker=false")
class WorkerLossTest extends PlatformTest {

    private static final Map<String, String> QUICK = Map.of("strata.backup.heartbeat", "250ms",
            "strata.backup.stall-timeout", "4s", "strata.backup.retry-backoff", "500ms",
            "db-scheduler.polling-interval", "500ms", "strata.backup.worker", "true");

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Value("${strata.data-dir}")
    Path dataDir;

    @Test
    void aKilledWorkersRunIsRetriedElsewhereAndSucceeds() throws Exception {
        Tenant tenant = signUp();
        Path data = Files.createDirectories(localRoot.resolve("big-" + System.nanoTime()));
        Random random = new Random(1);
        byte[] block = new byte[1 << 20];
        for (int f = 0; f < 6; f++) {
            try (OutputStream out = Files.newOutputStream(data.resolve("blob" + f))) {
                for (int i = 0; i < 100; i++) {
                    random.nextBytes(block);
                    out.write(block);
                }
            }
        }
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        String location = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "l", "type", "LOCAL"))
                .text("storageLocationId");
        Path storage = Path.of(await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations",
                tenant.accessToken()).json(), list -> list.size() == 1).get(0).get("settings").get("path").asText());
        String plan = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", location))
                .text("planId");

        String backup;
        try (NodeProcess doomed = NodeProcess.start(database, dataDir, QUICK)) {
            backup = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL")).text("backupId");
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/api/v1/backups/" + backup, tenant.accessToken()).json(),
                            b -> "RUNNING".equals(b.path("status").asText()));
            doomed.kill();
        }
        JsonNode lost = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/backups/" + backup, tenant.accessToken()).json(),
                        b -> b.path("attempt").asInt() == 2);
        assertThat(lost.get("status").asText()).as("waiting for a worker, not stuck RUNNING").isEqualTo("REQUESTED");

        try (NodeProcess survivor = NodeProcess.start(database, dataDir, QUICK)) {
            JsonNode done = await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/v1/backups/" + backup, tenant.accessToken()).json(),
                            b -> List.of("SUCCEEDED", "FAILED").contains(b.path("status").asText()));
            assertThat(done.get("status").asText()).as(done + "\n" + survivor.log()).isEqualTo("SUCCEEDED");
            assertThat(done.get("attempt").asInt()).isEqualTo(2);
            assertThat(done.get("stats").get("filesRead").asLong()).isEqualTo(6);
        }
        try (Stream<Path> snapshots = Files.list(storage.resolve(tenant.tenantId()).resolve("snapshots"))) {
            assertThat(snapshots.count()).as("one snapshot: the dead attempt wrote none").isEqualTo(1);
        }
    }
}
