package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A backup reaches its replica location, and restores read from the replica when asked or when the primary is gone. */
class ReplicationTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Test
    void backupIsSyncedToItsReplicaAndRestoresFromIt() throws Exception {
        Tenant tenant = signUp();
        Path data = Files.createDirectories(localRoot.resolve("repl-" + System.nanoTime()));
        for (int i = 0; i < 10; i++) {
            Files.writeString(data.resolve("file" + i), ("content " + i + "\n").repeat(100 * i + 1));
        }
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        String primary = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "primary", "type", "LOCAL"))
                .text("storageLocationId");
        String replica = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "replica", "type", "LOCAL"))
                .text("storageLocationId");
        JsonNode locations = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations",
                tenant.accessToken()).json(), list -> list.size() == 2);
        Path primaryRepo = Path.of(path(locations, primary)).resolve(tenant.tenantId());
        Path replicaRepo = Path.of(path(locations, replica)).resolve(tenant.tenantId());
        String plan = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", primary,
                "replicaLocationIds", List.of(replica))).text("planId");

        String backupId = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL"))
                .text("backupId");
        JsonNode backup = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json(),
                        b -> b.path("locations").size() == 2 && b.path("locations").get(1).path("status").asText().equals("SYNCED"));
        assertThat(backup.get("locations").get(0).get("role").asText()).isEqualTo("PRIMARY");
        assertThat(backup.get("locations").get(0).get("status").asText()).isEqualTo("SYNCED");
        assertThat(backup.get("locations").get(1).get("role").asText()).isEqualTo("REPLICA");
        assertThat(backup.get("locations").get(1).get("storageLocationId").asText()).isEqualTo(replica);
        assertThat(objects(replicaRepo)).as("the replica holds every object of the primary").isEqualTo(objects(primaryRepo));

        JsonNode fromReplica = restore(tenant, backupId, Map.of("targetPath", data.resolve("from-replica").toString(),
                "sourceLocationId", replica));
        assertThat(fromReplica.get("status").asText()).as(fromReplica.toString()).isEqualTo("SUCCEEDED");
        assertThat(fromReplica.get("source").get("storageLocationId").asText()).isEqualTo(replica);
        assertThat(fromReplica.get("source").has("fallbackReason")).as("asked for, not a fallback").isFalse();
        String verification = api.post("/api/v1/backups/" + backupId + "/verifications", tenant.accessToken(),
                Map.of("readData", true, "sourceLocationId", replica)).text("verificationId");
        JsonNode verified = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/verifications/" + verification, tenant.accessToken()).json(),
                        v -> List.of("VERIFIED", "DAMAGED", "FAILED").contains(v.path("status").asText()));
        assertThat(verified.get("status").asText()).isEqualTo("VERIFIED");
        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetPath", data.resolve("x").toString(), "sourceLocationId", "not-a-location")), 422, "LOCATION_NOT_SYNCED");

        Path moved = primaryRepo.resolveSibling(tenant.tenantId() + "-away");
        Files.move(primaryRepo, moved);
        try {
            JsonNode fallback = restore(tenant, backupId, Map.of("targetPath", data.resolve("fallback").toString()));
            assertThat(fallback.get("status").asText()).as("the primary is gone: the replica serves").isEqualTo("SUCCEEDED");
            assertThat(fallback.get("source").get("storageLocationId").asText()).isEqualTo(replica);
            assertThat(fallback.get("source").get("requestedLocationId").asText()).isEqualTo(primary);
            for (int i = 0; i < 10; i++) {
                Path restored = data.resolve("fallback").resolve(data.toString().substring(1)).resolve("file" + i);
                assertThat(Files.readString(restored)).isEqualTo(Files.readString(data.resolve("file" + i)));
            }
        } finally {
            Files.move(moved, primaryRepo);
        }
    }

    private JsonNode restore(Tenant tenant, String backupId, Map<String, Object> body) {
        Api.Response accepted = api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(), body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/restores/" + accepted.text("restoreId"), tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED").contains(r.text("status"))).json();
    }

    private static String path(JsonNode locations, String id) {
        for (JsonNode location : locations) {
            if (location.get("storageLocationId").asText().equals(id)) {
                return location.get("settings").get("path").asText();
            }
        }
        throw new AssertionError("no location " + id);
    }

    private static Set<String> objects(Path repository) throws Exception {
        try (Stream<Path> files = Files.walk(repository)) {
            return files.filter(Files::isRegularFile).map(p -> repository.relativize(p).toString())
                    .filter(p -> !p.startsWith("locks") && !p.startsWith("health")).collect(Collectors.toSet());
        }
    }
}
