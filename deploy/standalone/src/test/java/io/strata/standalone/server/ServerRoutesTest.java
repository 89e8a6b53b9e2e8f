package io.strata.standalone.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Registering, listing and removing servers, and another tenant's servers answering 404 everywhere. */
class ServerRoutesTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Test
    void sshServerIsRegisteredWithTheTenantsPublicKeyAndListed() {
        Tenant tenant = signUp();
        Api.Response registered = api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "db-1", "host", "DB-1.Example.org", "port", 2222, "username", "backup"));

        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.text("publicKey")).matches("ssh-ed25519 [A-Za-z0-9+/=]+ strata@.+");
        String serverId = registered.text("serverId");

        JsonNode listed = await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/servers", tenant.accessToken()).json(), list -> list.size() == 1);
        assertThat(listed.get(0).get("serverId").asText()).isEqualTo(serverId);
        assertThat(listed.get(0).get("host").asText()).isEqualTo("db-1.example.org");
        assertThat(listed.get(0).get("port").asInt()).isEqualTo(2222);
        assertThat(listed.get(0).get("kind").asText()).isEqualTo("SSH");
        assertThat(listed.get(0).get("publicKey").asText()).isEqualTo(registered.text("publicKey"));

        assertThat(api.get("/api/v1/servers/" + serverId, tenant.accessToken()).text("name")).isEqualTo("db-1");
    }

    @Test
    void localServerOnlyUnderConfiguredRoots() throws Exception {
        Tenant tenant = signUp();
        Path allowed = Files.createDirectories(localRoot.resolve("srv-" + System.nanoTime()));
        Api.Response ok = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "local", "localPath", allowed.toString()));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);

        assertProblem(api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "etc", "localPath", "/etc")),
                422, "LOCAL_PATH_NOT_ALLOWED");
        Path escape = localRoot.resolve("escape-" + System.nanoTime());
        Files.createSymbolicLink(escape, Path.of("/etc"));
        assertProblem(api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "esc", "localPath", escape.toString())),
                422, "LOCAL_PATH_NOT_ALLOWED");
        assertProblem(api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "rel", "localPath", localRoot + "/../etc")), 400, "INVALID_LOCAL_PATH");
        assertProblem(api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "missing", "localPath", localRoot.resolve("missing").toString())), 422, "LOCAL_PATH_NOT_FOUND");
    }

    @Test
    void badServerInputIsRefusedWithCodes() {
        String token = signUp().accessToken();
        assertProblem(api.post("/api/v1/servers", token, Map.of("name", "x")), 400, "INVALID_SERVER_CONNECTION");
        Map<String, Object> both = new HashMap<>(Map.of("name", "x", "host", "h.example.org", "username", "u"));
        both.put("localPath", "/tmp");
        assertProblem(api.post("/api/v1/servers", token, both), 400, "INVALID_SERVER_CONNECTION");
        assertProblem(api.post("/api/v1/servers", token, Map.of("name", "x", "host", "bad host!", "username", "u")),
                400, "INVALID_HOST");
        assertProblem(api.post("/api/v1/servers", token, Map.of("name", "x", "host", "h.example.org", "port", 70000,
                "username", "u")), 400, "INVALID_PORT");
        assertProblem(api.post("/api/v1/servers", token, Map.of("name", "x", "host", "h.example.org", "username", "-rf")),
                400, "INVALID_USERNAME");
        assertProblem(api.post("/api/v1/servers", token, Map.of("name", "x", "host", "h.example.org", "username", "u",
                "port", "twenty-two")), 400, "INVALID_FIELD_VALUE");
        assertThat(api.post("/api/v1/servers", token, Map.of("name", "v6", "host", "[::1]", "username", "u")).status())
                .isEqualTo(201);
    }

    @Test
    void anotherTenantsServerIsNotFoundOnEveryRoute() {
        Tenant owner = signUp();
        Tenant stranger = signUp();
        String serverId = api.post("/api/v1/servers", owner.accessToken(),
                Map.of("name", "secret", "host", "secret.example.org", "username", "root")).text("serverId");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/servers/" + serverId, owner.accessToken()).status() == 200);

        assertProblem(api.get("/api/v1/servers/" + serverId, stranger.accessToken()), 404, "NOT_FOUND");
        assertProblem(api.delete("/api/v1/servers/" + serverId, stranger.accessToken()), 404, "NOT_FOUND");
        assertThat(api.get("/api/v1/servers", stranger.accessToken()).json()).isEmpty();
        assertThat(api.get("/api/v1/servers/" + serverId, owner.accessToken()).status())
                .as("the stranger's delete changed nothing").isEqualTo(200);

        assertProblem(api.get("/api/v1/servers/no-such-server", owner.accessToken()), 404, "NOT_FOUND");
        assertProblem(api.delete("/api/v1/servers/no-such-server", owner.accessToken()), 404, "NOT_FOUND");
        assertProblem(api.get("/api/v1/servers/bad%20id", owner.accessToken()), 404, "NOT_FOUND");
    }

    @Test
    void removedServerLeavesTheList() {
        Tenant tenant = signUp();
        String serverId = api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "old", "host", "old.example.org", "username", "backup")).text("serverId");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/servers", tenant.accessToken()).json().size() == 1);

        assertThat(api.delete("/api/v1/servers/" + serverId, tenant.accessToken()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/servers", tenant.accessToken()).json().isEmpty());
        assertProblem(api.delete("/api/v1/servers/" + serverId, tenant.accessToken()), 404, "NOT_FOUND");
    }
}
