package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.NodeProcess;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.RandomFiles;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node killed while it runs a backup: its claim expires, the run is retried as attempt 2 on another node,
 * and ends SUCCEEDED with exactly one snapshot. A node killed while it restores: another finishes the restore. This test's own node runs no backups, so the work goes to
 * the nodes started (and killed) here.
 */
@TestPropertySource(properties = "strata.backup.worker=false")
class WorkerLossTest extends PlatformTest {

    /** Quick to notice a dead node: backup claims after 4 s, other claimed work (restores) after 4 missed 1 s beats. */
    private static final Map<String, String> QUICK = Map.of("strata.backup.heartbeat", "250ms",
            "strata.backup.stall-timeout", "4s", "strata.backup.retry-backoff", "500ms",
            "db-scheduler.polling-interval", "500ms", "db-scheduler.heartbeat-interval", "1s",
            "db-scheduler.missed-heartbeats-limit", "4", "strata.backup.worker", "true");

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Value("${strata.data-dir}")
    Path dataDir;

    /** A worker node: quick to be found dead, and configured like the test's node (same LOCAL server roots). */
    private NodeProcess workerNode() throws IOException {
        Map<String, String> properties = new java.util.HashMap<>(QUICK);
        properties.put("strata.servers.local-roots", localRoot.toString());
        return NodeProcess.start(database, dataDir, properties);
    }

    @Test
    void aKilledWorkersRunIsRetriedElsewhereAndSucceeds() throws Exception {
        Tenant tenant = signUp();
        Path data = RandomFiles.write(Files.createDirectories(localRoot.resolve("big-" + System.nanoTime())), 6, 100 << 20, 1,
                i -> "blob" + i);
        String plan = localPlan(tenant, data, List.of(data.toString())).planId();
        Path storage = Path.of(await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations",
                tenant.accessToken()).json(), list -> list.size() == 1).get(0).get("settings").get("path").asText());

        String backup;
        try (NodeProcess doomed = workerNode()) {
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

        try (NodeProcess survivor = workerNode()) {
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

    @Test
    void aRestoreWhoseWorkerIsKilledIsFinishedElsewhereIntoTheTargetItBegan() throws Exception {
        Tenant tenant = signUp();
        Path home = Files.createDirectories(localRoot.resolve("restore-" + System.nanoTime()));
        Path data = RandomFiles.write(Files.createDirectories(home.resolve("src")), 6, 100 << 20, 1, i -> "blob" + i);
        String plan = localPlan(tenant, home, List.of(data.toString())).planId();
        String backup;
        try (NodeProcess worker = workerNode()) {
            backup = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL")).text("backupId");
            JsonNode done = await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/v1/backups/" + backup, tenant.accessToken()).json(),
                            b -> List.of("SUCCEEDED", "FAILED").contains(b.path("status").asText()));
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        }

        // into an empty target, not overwriting: the first worker dies once it has begun to fill the target
        Path target = home.resolve("into");
        Path copy = target.resolve(data.toString().substring(1));
        String restore;
        try (NodeProcess doomed = workerNode()) {
            restore = api.post("/api/v1/backups/" + backup + "/restores", tenant.accessToken(),
                    Map.of("targetPath", target.toString(), "overwrite", false)).text("restoreId");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).ignoreExceptions()
                    .until(() -> Files.exists(copy.resolve("blob0")) || Files.exists(copy.resolve("blob5")));
            doomed.kill();
        }
        assertThat(restoredBlobs(copy, data)).as("killed before it restored every file").isLessThan(6);

        // its claim found dead, the restore runs again on another node, which may fill the target it began
        try (NodeProcess survivor = workerNode()) {
            JsonNode done = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.get("/api/v1/restores/" + restore, tenant.accessToken()).json(),
                            r -> List.of("SUCCEEDED", "FAILED").contains(r.path("status").asText()));
            assertThat(done.get("status").asText()).as(done + "\n" + survivor.log()).isEqualTo("SUCCEEDED");
        }
        assertThat(restoredBlobs(copy, data)).isEqualTo(6);
    }

    /** How many of the six blobs are in {@code copy} with their original content. */
    private static int restoredBlobs(Path copy, Path data) throws IOException {
        int restored = 0;
        for (int f = 0; f < 6; f++) {
            Path twin = copy.resolve("blob" + f);
            if (Files.exists(twin) && Files.mismatch(twin, data.resolve("blob" + f)) == -1) {
                restored++;
            }
        }
        return restored;
    }

}
