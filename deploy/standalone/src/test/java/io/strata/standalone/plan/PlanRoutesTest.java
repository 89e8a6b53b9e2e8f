package io.strata.standalone.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Storage locations and plans through the API: what is stored, what is refused, what others cannot see. */
class PlanRoutesTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    private Tenant tenant;
    private String sshServer;
    private String localServer;
    private Path localServerDir;
    private String location;
    private String replica;

    @BeforeEach
    void serversAndLocations() throws Exception {
        tenant = signUp();
        sshServer = api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "db", "host", "db.example.org", "username", "backup")).text("serverId");
        localServerDir = Files.createDirectories(localRoot.resolve("srv-" + System.nanoTime()));
        localServer = api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "files", "localPath", localServerDir.toString())).text("serverId");
        location = created(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "disk", "type", "LOCAL")),
                "storageLocationId");
        replica = created(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "disk 2", "type", "LOCAL")),
                "storageLocationId");
    }

    private Map<String, Object> plan(Object sources) {
        Map<String, Object> plan = new HashMap<>();
        plan.put("name", "nightly");
        plan.put("serverId", sshServer);
        plan.put("sources", sources);
        plan.put("storageLocationId", location);
        plan.put("replicaLocationIds", List.of(replica));
        plan.put("schedules", List.of(Map.of("level", "FULL", "cron", "0 1 * * MON", "timezone", "Europe/Paris"),
                Map.of("level", "DIFFERENTIAL", "cron", "0 1 * * *", "timezone", "Europe/Paris")));
        plan.put("retention", Map.of("keepDaily", 7, "keepWeekly", 4, "monthlyCleanup", true));
        return plan;
    }

    private static List<Object> paths(String... paths) {
        return List.of(Map.of("type", "PATHS", "paths", List.of(paths), "excludes", List.of("**/*.tmp", "/var/cache/**")));
    }

    @Test
    void planIsStoredAndShowsItsNextRuns() {
        List<Object> sources = List.of(paths("/etc", "/var/www").get(0),
                Map.of("type", "COMMAND", "command", "pg_dump -Fc app", "fileName", "app.dump"));
        String planId = created(api.post("/api/v1/plans", tenant.accessToken(), plan(sources)), "planId");

        JsonNode plan = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/plans/" + planId, tenant.accessToken()), r -> r.status() == 200).json();
        assertThat(plan.get("name").asText()).isEqualTo("nightly");
        assertThat(plan.get("serverId").asText()).isEqualTo(sshServer);
        assertThat(plan.get("sources")).hasSize(2);
        assertThat(plan.get("sources").get(1).get("fileName").asText()).isEqualTo("app.dump");
        assertThat(plan.get("replicaLocationIds").get(0).asText()).isEqualTo(replica);
        assertThat(plan.get("retention").get("keepDaily").asInt()).isEqualTo(7);
        JsonNode nextRuns = plan.get("nextRuns");
        assertThat(nextRuns.size()).isEqualTo(10);
        Instant previous = Instant.now();
        int fulls = 0;
        for (JsonNode run : nextRuns) {
            Instant at = Instant.parse(run.get("at").asText());
            assertThat(at).isAfter(previous);
            previous = at;
            if (run.get("level").asText().equals("FULL")) {
                fulls++;
            }
        }
        assertThat(fulls).as("one FULL a week in ten daily runs").isBetween(1, 2);
        assertThat(api.get("/api/v1/plans", tenant.accessToken()).json()).hasSize(1);
        // the storage locations' projection need not have caught up with the plans' one yet
        JsonNode locations = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/storage-locations", tenant.accessToken()).json(), l -> l.size() == 2);
        assertThat(locations.get(0).get("settings").get("path").asText()).endsWith(location);
    }

    @Test
    void refusesDefinitionsThatCouldNotRun() {
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "serverId", "nope")),
                422, "UNKNOWN_SERVER");
        String strangersServer = api.post("/api/v1/servers", signUp().accessToken(),
                Map.of("name", "x", "host", "x.example.org", "username", "u")).text("serverId");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "serverId", strangersServer)),
                422, "UNKNOWN_SERVER");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "storageLocationId", "nope")),
                422, "UNKNOWN_STORAGE_LOCATION");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "replicaLocationIds",
                List.of(location))), 400, "DUPLICATE_LOCATION");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), plan(paths("etc"))), 400, "INVALID_PATH");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), plan(paths("/etc/../root"))), 400, "INVALID_PATH");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "FULL", "cron", "61 * * * *")))), 400, "INVALID_CRON");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "FULL", "cron", "0 1 * * *", "timezone", "Nowhere/Land")))), 400, "INVALID_TIMEZONE");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "WEEKLY", "cron", "0 1 * * *")))), 400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), plan(List.of(Map.of("type", "COMMAND", "command", "pg_dump")))),
                400, "INVALID_SOURCE");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(List.of(Map.of("type", "COMMAND",
                "command", "pg_dump", "fileName", "db.dump"))), "serverId", localServer)), 422, "COMMAND_NEEDS_SSH_SERVER");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "serverId", localServer)),
                422, "PATH_OUTSIDE_SERVER");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "retention",
                Map.of("keepLast", -1))), 400, "INVALID_RETENTION");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), plan(List.of(Map.of("type", "PATHS",
                "paths", List.of("/etc"), "excludes", List.of("[a-"))))), 400, "INVALID_EXCLUDE");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths("/etc")), "sources", List.of())),
                400, "VALIDATION_FAILED");
        assertProblem(api.post("/api/v1/plans", tenant.accessToken(), plan(List.of(Map.of("type", "PATHS",
                "paths", List.of("/etc"), "exclude", List.of("x"))))), 400, "UNKNOWN_FIELD");
        assertThat(api.post("/api/v1/plans", tenant.accessToken(), with(plan(paths(localServerDir + "/data")), "serverId", localServer))
                .status()).as("a LOCAL server's own paths are fine").isEqualTo(201);
    }

    @Test
    void storageLocationsAreCheckedAndAnotherTenantsPlanIsNotFound() throws Exception {
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "etc", "type", "LOCAL",
                "path", "/etc/strata")), 422, "STORAGE_PATH_NOT_ALLOWED");
        assertProblem(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "rel", "type", "LOCAL",
                "path", "relative/dir")), 400, "INVALID_STORAGE_PATH");
        assertThat(Files.exists(Path.of("/etc/strata"))).as("a refused path is never created").isFalse();
        Member auditor = addMember(tenant, "AUDITOR");
        assertProblem(api.post("/api/v1/storage-locations", auditor.accessToken(), Map.of("name", "a", "type", "LOCAL")),
                403, "FORBIDDEN");

        String planId = created(api.post("/api/v1/plans", tenant.accessToken(), plan(paths("/etc"))), "planId");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/plans/" + planId, tenant.accessToken()).status() == 200);
        Tenant stranger = signUp();
        assertProblem(api.get("/api/v1/plans/" + planId, stranger.accessToken()), 404, "NOT_FOUND");
        assertThat(api.get("/api/v1/plans", stranger.accessToken()).json()).isEmpty();
        assertThat(api.get("/api/v1/storage-locations", stranger.accessToken()).json()).isEmpty();

        // another tenant's location directory is neither taken, nested into nor wrapped; its owner may reattach it
        JsonNode own = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/storage-locations", tenant.accessToken()).json(), l -> l.size() >= 2);
        Path taken = Path.of(own.get(0).get("settings").get("path").asText());
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "same", "type", "LOCAL",
                "path", taken.toString())), 422, "STORAGE_PATH_TAKEN");
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "inside", "type", "LOCAL",
                "path", taken.resolve("inner").toString())), 422, "STORAGE_PATH_TAKEN");
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "root", "type", "LOCAL",
                "path", taken.getParent().toString())), 422, "STORAGE_PATH_NOT_ALLOWED");
        assertThat(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "again", "type", "LOCAL",
                "path", taken.toString())).status()).as("the owner reattaches its own directory").isEqualTo(201);

        // nor is it reached through a symbolic link under an allowed root (as a restore to a LOCAL server may leave)
        Path link = taken.resolveSibling("link-" + UUID.randomUUID());
        Files.createSymbolicLink(link, taken);
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "link", "type", "LOCAL",
                "path", link.toString())), 422, "STORAGE_PATH_TAKEN");
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "through", "type", "LOCAL",
                "path", link.resolve("inner").toString())), 422, "STORAGE_PATH_TAKEN");
        assertThat(Files.exists(taken.resolve("inner"))).as("nothing is created in another tenant's directory").isFalse();
        Path toRoot = taken.resolveSibling("root-" + UUID.randomUUID());
        Files.createSymbolicLink(toRoot, taken.getParent());
        assertProblem(api.post("/api/v1/storage-locations", stranger.accessToken(), Map.of("name", "toroot", "type", "LOCAL",
                "path", toRoot.toString())), 422, "STORAGE_PATH_NOT_ALLOWED");
    }

    /**
     * JSON is read strictly (a number is no boolean or level, a key counts once, nothing follows the document),
     * text with NUL characters or lone surrogates is refused at the door instead of jamming (or changing in) the plan
     * projection, an id of another
     * kind of resource is simply not found, and refusals made before any controller runs are problems too.
     */
    @Test
    void strictJsonNulCharactersAndIdsOfAnotherKind() {
        String token = tenant.accessToken();
        Api.Response nul = api.post("/api/v1/plans", token, with(plan(paths("/etc")), "name", "a\u0000b"));
        assertProblem(nul, 400, "INVALID_CHARACTER");
        assertThat(nul.text("field")).isEqualTo("name");
        assertProblem(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "FULL", "cron", "0 1 * * MON\u0000")))), 400, "INVALID_CHARACTER");
        assertProblem(api.post("/api/v1/storage-locations", token, Map.of("name", "a\u0000b", "type", "LOCAL")),
                400, "INVALID_CHARACTER");
        // a lone surrogate (the engine's form of a name's byte that is not UTF-8) cannot be stored either
        Api.Response lone = api.post("/api/v1/plans", token, plan(paths("/srv/r\uDCE9sum\uDCE9")));
        assertProblem(lone, 400, "INVALID_CHARACTER");
        assertThat(lone.text("field")).isEqualTo("sources[0].paths[0]");
        assertThat(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "name", "smile \uD83D\uDE00")).status())
                .as("a pair is a character").isEqualTo(201);
        assertProblem(api.get("/api/v1/backups?planId=%00", token), 400, "INVALID_CHARACTER");
        Api.Response typo = api.get("/api/v1/backups?stauts=FAILED", token);
        assertProblem(typo, 400, "UNKNOWN_PARAMETER");
        assertThat(typo.text("parameter")).isEqualTo("stauts");
        assertThat(typo.text("detail")).contains("level", "planId", "serverId", "status");
        assertProblem(api.get("/api/v1/plans?name=x", token), 400, "UNKNOWN_PARAMETER");
        assertThat(api.get("/api/v1/backups?status=FAILED&planId=" + java.util.UUID.randomUUID(), token).status())
                .isEqualTo(200);
        assertProblem(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "name", "two\nlines")), 400, "INVALID_PLAN_NAME");
        assertProblem(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "name", "two\u2028lines")), 400, "INVALID_PLAN_NAME");
        assertProblem(api.post("/api/v1/storage-locations", token, Map.of("name", "two\nlines", "type", "LOCAL")),
                400, "INVALID_STORAGE_LOCATION_NAME");
        assertProblem(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "FULL", "cron", "0 0 30 2 *")))), 400, "INVALID_CRON");
        assertProblem(api.post("/api/v1/plans", token, with(plan(paths("/etc")), "schedules",
                List.of(Map.of("level", "FULL", "cron", "0 1 ? * MON")))), 400, "INVALID_CRON");
        assertProblem(api.post("/api/v1/plans", token, plan(paths("/srv/" + "n".repeat(256)))), 400, "INVALID_PATH");

        String planId = created(api.post("/api/v1/plans", token, plan(paths("/etc"))), "planId");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/plans/" + planId, token).status() == 200);
        String body = Api.json(plan(paths("/etc")));
        assertProblem(api.postRaw("/api/v1/plans", token, body.substring(0, body.length() - 1) + ",\"name\":\"twice\"}",
                "application/json"), 400, "MALFORMED_JSON");
        Api.Response queryDryRun = api.post("/api/v1/plans/" + planId + "/backups?dryRun=true", token,
                Map.of("level", "FULL"));
        assertProblem(queryDryRun, 400, "UNKNOWN_PARAMETER");
        assertThat(queryDryRun.text("detail")).as("the route takes no query parameters").contains("takes none");
        assertProblem(api.postRaw("/api/v1/plans/" + planId + "/backups", token, "{\"level\":\"FULL\"} x",
                "application/json"), 400, "MALFORMED_JSON");
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", token, Map.of("level", 0)), 400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", token, Map.of("level", "FULL", "dryRun", 1)),
                400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", token, Map.of("level", "FULL", "dryRun", "false")),
                400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", token, Map.of("level", "FULL", "dryRun", "   ")),
                400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/storage-locations", token, Map.of("name", 123, "type", "LOCAL")), 400, "INVALID_FIELD_VALUE");
        assertProblem(api.post("/api/v1/backups/" + planId + "/restores", token, Map.of("targetPath", "/srv/r", "overwrite", 123)),
                400, "INVALID_FIELD_VALUE");

        Api.Response outOfRange = api.post("/api/v1/servers", token, Map.of("name", "big", "host", "h.example.org",
                "port", 99_999_999_999L, "username", "u"));
        assertProblem(outOfRange, 400, "INVALID_FIELD_VALUE");
        assertThat(outOfRange.text("field")).isEqualTo("port");
        assertProblem(api.get("/api/v1/auth/login", null), 405, "METHOD_NOT_ALLOWED");
        assertProblem(api.send(api.builder("/api/v1/auth/login", null).header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())),
                403, "CORS_REJECTED");
        assertProblem(api.delete("/api/v1/servers/" + planId, token), 404, "NOT_FOUND");
        assertProblem(api.post("/api/v1/backups/" + planId + "/cancel", token, Map.of()), 404, "NOT_FOUND");
        assertThat(api.get("/api/v1/plans/" + planId, token).status()).isEqualTo(200);

        Api.Response rejected = api.get("/api/v1/backups/a;b", token);
        assertProblem(rejected, 400, "BAD_REQUEST");
        assertThat(rejected.header("Content-Type")).startsWith("application/problem+json");
        assertProblem(api.get("/error", token), 404, "NOT_FOUND");
        assertProblem(api.get("/api/v1/backups/..%2F..%2Fetc", token), 400, "BAD_REQUEST");
        Api.Response propfind = api.send(api.builder("/api/v1/plans", token)
                .method("PROPFIND", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertProblem(propfind, 405, "METHOD_NOT_ALLOWED");
        assertThat(propfind.header("Allow")).contains("GET", "POST", "DELETE");
        Api.Response trace = api.send(api.builder("/api/v1/plans", token).header("X-Echo", "secret-" + planId)
                .method("TRACE", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertProblem(trace, 405, "METHOD_NOT_ALLOWED");
        assertThat(trace.body()).doesNotContain("secret-" + planId, token);
    }

    private static Map<String, Object> with(Map<String, Object> plan, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(plan);
        copy.put(key, value);
        return copy;
    }

    private static String created(Api.Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.text(field);
    }
}
