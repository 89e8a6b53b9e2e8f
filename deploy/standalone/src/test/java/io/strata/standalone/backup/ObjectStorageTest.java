package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.engine.storage.azure.AzuriteExtension;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end through the API with real object storage: a backup to S3 (S3Proxy) with an Azure Blob replica
 * (Azurite) reaches SYNCED on both; with the replica down the backup still succeeds and the replica catches
 * up once it is back; with S3 down, a restore from the replica is identical.
 */
class ObjectStorageTest extends PlatformTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE = new AzuriteExtension();

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

    private Map<String, Object> s3Location(String bucket) {
        return Map.of("name", "s3", "type", "S3", "endpoint", s3.endpoint().toString(), "bucket", bucket,
                "addressing", "PATH", "accessKey", S3ProxyProcess.ACCESS_KEY, "secretKey", S3ProxyProcess.SECRET_KEY);
    }

    @Test
    void backupToS3WithAnAzureReplicaAndRestoreFromTheReplicaWhenS3IsDown() throws Exception {
        Tenant tenant = signUp();
        Path data = Files.createDirectories(localRoot.resolve("objects-" + System.nanoTime()));
        for (int i = 0; i < 20; i++) {
            Files.writeString(data.resolve("file" + i), ("object storage " + i + "\n").repeat(2000 * (i + 1)));
        }
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", data.toString()))
                .text("serverId");
        Api.Response s3Created = api.post("/api/v1/storage-locations", tenant.accessToken(), s3Location("strata-e2e"));
        assertThat(s3Created.status()).as(s3Created.toString()).isEqualTo(201);
        Api.Response azureCreated = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "azure",
                "type", "AZURE", "container", "strata-e2e", "connectionString", AZURITE.connectionString()));
        assertThat(azureCreated.status()).as(azureCreated.toString()).isEqualTo(201);
        String primary = s3Created.text("storageLocationId");
        String replica = azureCreated.text("storageLocationId");
        JsonNode listed = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations",
                tenant.accessToken()).json(), list -> list.size() == 2);
        assertThat(listed.toString()).as("credentials never leave the platform")
                .doesNotContain(S3ProxyProcess.SECRET_KEY).doesNotContain("AccountKey");
        String plan = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", primary,
                "replicaLocationIds", List.of(replica))).text("planId");

        String first = backup(tenant, plan);
        JsonNode synced = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + first, tenant.accessToken()).json(), b -> allSynced(b, 2));
        assertThat(synced.get("status").asText()).isEqualTo("SUCCEEDED");

        AZURITE.stop();
        Files.writeString(data.resolve("new-file"), "written while the replica is down");
        String second = backup(tenant, plan);
        JsonNode pending = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + second, tenant.accessToken()).json(),
                        b -> "SUCCEEDED".equals(b.path("status").asText()));
        assertThat(pending.get("locations").get(1).get("status").asText()).as("a replica outage never fails the backup")
                .isEqualTo("PENDING");
        AZURITE.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/backups/" + second, tenant.accessToken()).json(), b -> allSynced(b, 2));

        String verification = api.post("/api/v1/backups/" + second + "/verifications", tenant.accessToken(),
                Map.of("readData", true, "sourceLocationId", replica)).text("verificationId");
        JsonNode verified = await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/v1/verifications/"
                + verification, tenant.accessToken()).json(), v -> List.of("VERIFIED", "DAMAGED", "FAILED").contains(v.path("status").asText()));
        assertThat(verified.get("status").asText()).as(verified.toString()).isEqualTo("VERIFIED");

        s3.stop();
        Path target = data.resolve("restored");
        Api.Response accepted = api.post("/api/v1/backups/" + second + "/restores", tenant.accessToken(),
                Map.of("targetPath", target.toString()));
        JsonNode restored = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/v1/restores/" + accepted.text("restoreId"), tenant.accessToken()).json(),
                        r -> List.of("SUCCEEDED", "FAILED").contains(r.path("status").asText()));
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(restored.get("source").get("storageLocationId").asText()).as("the restore says it read the replica")
                .isEqualTo(replica);
        assertThat(restored.get("source").get("fallbackReason").asText()).isNotBlank();
        Path copy = target.resolve(data.toString().substring(1));
        for (int i = 0; i < 20; i++) {
            assertThat(Files.readString(copy.resolve("file" + i))).isEqualTo(Files.readString(data.resolve("file" + i)));
        }
        assertThat(Files.readString(copy.resolve("new-file"))).isEqualTo("written while the replica is down");
        s3.start();
    }

    @Test
    void locationsWithBadSettingsOrCredentialsAreRefusedAtCreation() {
        Tenant tenant = signUp();
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "s3", "type", "S3",
                "endpoint", s3.endpoint().toString(), "bucket", "strata-bad", "accessKey", S3ProxyProcess.ACCESS_KEY,
                "secretKey", "wrong-secret-0123456789")), 422, "STORAGE_LOCATION_UNUSABLE");
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "s3", "type", "S3",
                "bucket", "strata-bad", "accessKey", "a", "secretKey", "b")), 400, "INVALID_STORAGE_SETTINGS");
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "az", "type", "AZURE",
                "container", "c", "connectionString", AZURITE.connectionString(), "sasUrl", "https://x.example/c")),
                400, "INVALID_STORAGE_SETTINGS");
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "s3", "type", "S3",
                "endpoint", "http://127.0.0.1:1", "bucket", "strata-bad", "accessKey", "a", "secretKey", "b0123456789")),
                503, "STORAGE_LOCATION_UNREACHABLE");
    }

    private String backup(Tenant tenant, String plan) {
        Api.Response response = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL"));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.text("backupId");
    }

    private static boolean allSynced(JsonNode backup, int locations) {
        JsonNode list = backup.path("locations");
        if (list.size() != locations) {
            return false;
        }
        for (JsonNode location : list) {
            if (!"SYNCED".equals(location.path("status").asText())) {
                return false;
            }
        }
        return true;
    }
}
