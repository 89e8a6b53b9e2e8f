package io.strata.standalone.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Locations' health, usage and reconciliation end to end, with short intervals: a stopped S3 server and a LOCAL
 * directory that cannot be written turn their location UNAVAILABLE (one event), and AVAILABLE again when they are
 * back (one event); a restore of a backup whose primary is down reads the replica and says so; reconciliation
 * repairs a replica that missed a backup or lost an object, marks the backup SYNCED, and keeps extra objects.
 */
@TestPropertySource(properties = {
        "strata.storage.health.interval=500ms",
        "strata.storage.health.usage-interval=500ms",
        "strata.storage.health.timeout=15s",
        "strata.replication.reconciliation.interval=1s",
        "strata.replication.deadline=3s"
})
class StorageHealthAndReconciliationTest extends PlatformTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "io.strata.kernel.storage.";

    static S3ProxyProcess s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new S3ProxyProcess();
        s3.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Test
    void anS3OutageIsOneEventEachWayAndRestoresReadTheReplicaMeanwhile() throws Exception {
        Tenant tenant = signUp();
        Path data = sourceFiles("s3-health");
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        Api.Response created = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "s3", "type", "S3",
                "endpoint", s3.endpoint().toString(), "bucket", "strata-health", "addressing", "PATH",
                "accessKey", S3ProxyProcess.ACCESS_KEY, "secretKey", S3ProxyProcess.SECRET_KEY));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String primary = created.text("storageLocationId");
        String replica = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "disk", "type", "LOCAL"))
                .text("storageLocationId");
        JsonNode available = awaitLocation(tenant, primary, l -> "AVAILABLE".equals(l.path("health").path("status").asText())
                && l.has("usedBytes"));
        assertThat(available.get("health").has("since")).isTrue();
        assertThat(available.get("usedBytes").asLong()).as("nothing stored yet").isZero();

        String plan = plan(tenant, server, data, primary, replica);
        String backupId = backup(tenant, plan);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json(), b -> statuses(b).equals(
                        List.of("SYNCED", "SYNCED")));
        Path replicaRepo = Path.of(awaitLocation(tenant, replica, l -> true).get("settings").get("path").asText())
                .resolve(tenant.tenantId());
        long[] onDisk = usage(replicaRepo);
        JsonNode measuredReplica = awaitLocation(tenant, replica, l -> l.path("usedBytes").asLong() == onDisk[0]);
        assertThat(measuredReplica.get("usedObjects").asLong()).isEqualTo(onDisk[1]);
        awaitLocation(tenant, primary, l -> l.path("usedBytes").asLong() == onDisk[0]);

        s3.stop();
        try {
            JsonNode down = awaitLocation(tenant, primary, l -> "UNAVAILABLE".equals(l.path("health").path("status").asText()));
            assertThat(down.get("health").get("reason").asText()).isNotBlank()
                    .doesNotContain(S3ProxyProcess.SECRET_KEY).doesNotContain(S3ProxyProcess.ACCESS_KEY);
            Thread.sleep(2500); // several more failed probes
            assertThat(events(primary).stream().filter(e -> e.startsWith("StorageLocation")))
                    .as("one event for the outage, not one per probe")
                    .containsExactly("StorageLocationCreated", "StorageLocationAvailable", "StorageLocationUnavailable");

            Path target = data.resolve("restored");
            JsonNode restored = restore(tenant, backupId, target);
            assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
            assertThat(restored.get("source").get("storageLocationId").asText()).isEqualTo(replica);
            assertThat(restored.get("source").get("requestedLocationId").asText()).isEqualTo(primary);
            assertThat(restored.get("source").get("fallbackReason").asText()).isNotBlank();
            assertIdentical(data, target.resolve(data.toString().substring(1)));
        } finally {
            s3.start();
        }
        awaitLocation(tenant, primary, l -> "AVAILABLE".equals(l.path("health").path("status").asText()));
        Thread.sleep(1500);
        List<String> after = events(primary);
        assertThat(after.stream().filter(e -> e.startsWith("StorageLocation")))
                .containsExactly("StorageLocationCreated", "StorageLocationAvailable", "StorageLocationUnavailable",
                        "StorageLocationRecovered");
        JsonNode listed = api.get("/api/v1/storage-locations", tenant.accessToken()).json();
        assertThat(listed.toString()).as("credentials never leave the platform").doesNotContain(S3ProxyProcess.SECRET_KEY);
        assertThat(api.get("/api/v1/storage-locations/" + primary, signUp().accessToken()).status())
                .as("another tenant's location is not found").isEqualTo(404);
    }

    @Test
    void reconciliationRepairsAReplicaThatMissedABackupOrLostAnObjectAndKeepsExtras() throws Exception {
        Tenant tenant = signUp();
        Path data = sourceFiles("reconcile");
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        String primary = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "one", "type", "LOCAL"))
                .text("storageLocationId");
        String replica = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "two", "type", "LOCAL"))
                .text("storageLocationId");
        awaitLocation(tenant, replica, l -> "AVAILABLE".equals(l.path("health").path("status").asText()));
        Path primaryRepo = Path.of(awaitLocation(tenant, primary, l -> true).get("settings").get("path").asText())
                .resolve(tenant.tenantId());
        Path replicaRepo = Path.of(awaitLocation(tenant, replica, l -> true).get("settings").get("path").asText())
                .resolve(tenant.tenantId());

        // The replica's directory cannot hold a repository: a file stands where its directory should be.
        deleteTree(replicaRepo);
        Files.writeString(replicaRepo, "not a directory");
        JsonNode down = awaitLocation(tenant, replica, l -> "UNAVAILABLE".equals(l.path("health").path("status").asText()));
        assertThat(down.get("health").get("reason").asText()).startsWith("Failed writing a probe object");
        String plan = plan(tenant, server, data, primary, replica);
        String backupId = backup(tenant, plan);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json(), b -> statuses(b).equals(
                        List.of("SYNCED", "FAILED")));

        Files.delete(replicaRepo);
        awaitLocation(tenant, replica, l -> "AVAILABLE".equals(l.path("health").path("status").asText()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json(), b -> statuses(b).equals(
                        List.of("SYNCED", "SYNCED")));
        assertThat(objects(replicaRepo)).as("the replica holds every object of the primary").isEqualTo(objects(primaryRepo));
        JsonNode repaired = reconciliations(replica).stream().filter(r -> r.get("backupsSynced").size() == 1).findFirst()
                .orElseThrow();
        assertThat(repaired.get("backupsSynced").get(0).asText()).isEqualTo(backupId);
        assertThat(repaired.get("primaryLocationId").asText()).isEqualTo(primary);
        assertThat(repaired.get("objectsCopied").asLong()).isEqualTo(objects(primaryRepo).size());
        assertThat(repaired.get("bytesCopied").asLong()).isEqualTo(usage(primaryRepo)[0]);
        assertThat(events(replica)).containsSubsequence("StorageLocationUnavailable", "StorageLocationRecovered");

        Path lost;
        try (Stream<Path> files = Files.walk(replicaRepo.resolve("data"))) {
            lost = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        byte[] content = Files.readAllBytes(lost);
        Path extra = replicaRepo.resolve("snapshots").resolve("ab".repeat(32));
        Files.write(extra, "only on the replica".getBytes());
        int before = reconciliations(replica).size();
        Files.delete(lost);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> Files.exists(lost));
        assertThat(Files.readAllBytes(lost)).isEqualTo(content);
        JsonNode copiedBack = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> reconciliations(replica).stream().skip(before).filter(r -> r.get("objectsCopied").asLong() == 1)
                        .findFirst().orElse(null), r -> r != null);
        assertThat(copiedBack.get("bytesCopied").asLong()).isEqualTo(content.length);
        assertThat(copiedBack.get("extras").asLong()).as("the object only the replica has is reported").isEqualTo(1);
        assertThat(copiedBack.get("missingOnPrimary").asLong()).isZero();
        assertThat(extra).as("extras are never deleted").exists();
    }

    private Path sourceFiles(String name) throws Exception {
        Path data = Files.createDirectories(localRoot.resolve(name + "-" + System.nanoTime()));
        for (int i = 0; i < 12; i++) {
            Files.writeString(data.resolve("file" + i), ("health and replicas " + i + "\n").repeat(500 * (i + 1)));
        }
        return data;
    }

    private String plan(Tenant tenant, String server, Path data, String primary, String replica) {
        return api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", primary,
                "replicaLocationIds", List.of(replica))).text("planId");
    }

    private String backup(Tenant tenant, String plan) {
        Api.Response response = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL"));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.text("backupId");
    }

    private JsonNode restore(Tenant tenant, String backupId, Path target) {
        Api.Response accepted = api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetPath", target.toString()));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/restores/" + accepted.text("restoreId"), tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED").contains(r.text("status"))).json();
    }

    private JsonNode awaitLocation(Tenant tenant, String id, java.util.function.Predicate<JsonNode> condition) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/storage-locations/" + id, tenant.accessToken()),
                        r -> r.status() == 200 && condition.test(r.json())).json();
    }

    private static List<String> statuses(JsonNode backup) {
        List<String> statuses = new ArrayList<>();
        backup.path("locations").forEach(location -> statuses.add(location.path("status").asText()));
        return statuses;
    }

    /** The simple names of the location's events, in order. */
    private List<String> events(String locationId) throws Exception {
        List<String> names = new ArrayList<>();
        for (String[] event : stored(locationId)) {
            names.add(event[0].substring(event[0].lastIndexOf('.') + 1));
        }
        return names;
    }

    private List<JsonNode> reconciliations(String replicaId) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String[] event : stored(replicaId)) {
            if (event[0].equals(EVENTS + "ReplicaReconciled")) {
                found.add(JSON.readTree(event[1]));
            }
        }
        return found;
    }

    private List<String[]> stored(String aggregateId) throws Exception {
        try (Connection connection = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             PreparedStatement statement = connection.prepareStatement("select payload_type, convert_from(payload, 'UTF8')"
                     + " from domain_event_entry where aggregate_identifier = ? order by sequence_number")) {
            statement.setString(1, aggregateId);
            List<String[]> events = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    events.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
            return events;
        }
    }

    /** Bytes and number of the repository's objects on disk (locks and health probes excepted). */
    private static long[] usage(Path repository) throws Exception {
        long bytes = 0;
        for (Map.Entry<String, Long> object : objects(repository).entrySet()) {
            bytes += object.getValue();
        }
        return new long[] {bytes, objects(repository).size()};
    }

    private static Map<String, Long> objects(Path repository) throws Exception {
        Map<String, Long> objects = new TreeMap<>();
        try (Stream<Path> files = Files.walk(repository)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = repository.relativize(file).toString();
                if (!relative.startsWith("locks") && !relative.startsWith("health") && !file.getFileName().toString().startsWith(".")) {
                    objects.put(relative, Files.size(file));
                }
            }
        }
        return objects;
    }

    private static void assertIdentical(Path original, Path copy) throws Exception {
        for (int i = 0; i < 12; i++) {
            assertThat(Files.readAllBytes(copy.resolve("file" + i))).isEqualTo(Files.readAllBytes(original.resolve("file" + i)));
        }
    }

    private static void deleteTree(Path root) throws Exception {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
