package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.RandomFiles;
import io.strata.engine.SmallFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backups of a LOCAL server through the API, end to end on the real engine and repository: levels and
 * their bases, what each level reads, dry runs that store nothing, missing paths, cancel, other tenants.
 */
class LocalBackupTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    private Tenant tenant;
    private Path data;
    private Path storage;
    private String planId;
    private String serverId;

    @BeforeEach
    void serverWithFilesAndAPlan() throws IOException {
        tenant = signUp();
        data = Files.createDirectories(localRoot.resolve("data-" + System.nanoTime()));
        for (int i = 0; i < 20; i++) {
            Files.writeString(Files.createDirectories(data.resolve("dir" + (i % 3))).resolve("file" + i + ".txt"),
                    "content of file " + i + "\n".repeat(i * 100));
        }
        Files.writeString(data.resolve("skip.tmp"), "excluded");
        serverId = created(api.post("/api/v1/servers", tenant.accessToken(),
                Map.of("name", "files", "localPath", data.toString())), "serverId");
        String locationId = created(api.post("/api/v1/storage-locations", tenant.accessToken(),
                Map.of("name", "disk", "type", "LOCAL")), "storageLocationId");
        JsonNode location = api.get("/api/v1/storage-locations", tenant.accessToken()).json();
        storage = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations", tenant.accessToken()).json(),
                list -> list.size() == 1).get(0).get("settings").get("path").asText().transform(Path::of);
        planId = created(api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "files", "serverId", serverId,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()), "excludes", List.of("*.tmp"))),
                "storageLocationId", locationId)), "planId");
        assertThat(location).isNotNull();
    }

    @Test
    void fullThenDifferentialThenIncrementalReadOnlyWhatChanged() throws IOException {
        JsonNode full = finished(backup("FULL", false));
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("SUCCEEDED");
        assertThat(full.get("level").asText()).isEqualTo("FULL");
        assertThat(full.get("stats").get("filesRead").asLong()).isEqualTo(20);
        assertThat(full.get("stats").get("filesScanned").asLong()).as("the excluded file is not scanned").isEqualTo(20);
        assertThat(full.get("locations").get(0).get("status").asText()).isEqualTo("SYNCED");

        Files.writeString(data.resolve("dir0/file0.txt"), "changed content, longer than before");
        Files.writeString(data.resolve("dir1/new.txt"), "a new file");
        JsonNode differential = finished(backup("DIFFERENTIAL", false));
        assertThat(differential.get("status").asText()).as(differential.toString()).isEqualTo("SUCCEEDED");
        assertThat(differential.get("level").asText()).isEqualTo("DIFFERENTIAL");
        assertThat(differential.get("baseBackupId").asText()).isEqualTo(full.get("backupId").asText());
        assertThat(differential.get("stats").get("filesRead").asLong()).isEqualTo(2);
        assertThat(differential.get("stats").get("filesUnchanged").asLong()).isEqualTo(19);

        Files.writeString(data.resolve("dir2/later.txt"), "after the differential");
        JsonNode incremental = finished(backup("INCREMENTAL", false));
        assertThat(incremental.get("level").asText()).isEqualTo("INCREMENTAL");
        assertThat(incremental.get("baseBackupId").asText()).isEqualTo(differential.get("backupId").asText());
        assertThat(incremental.get("stats").get("filesRead").asLong()).isEqualTo(1);

        JsonNode differentialAgain = finished(backup("DIFFERENTIAL", false));
        assertThat(differentialAgain.get("baseBackupId").asText()).as("a differential compares with the last FULL")
                .isEqualTo(full.get("backupId").asText());
        assertThat(differentialAgain.get("stats").get("filesRead").asLong()).isEqualTo(3);

        JsonNode catalogue = api.get("/api/v1/backups?planId=" + planId, tenant.accessToken()).json();
        assertThat(catalogue).hasSize(4);
        assertThat(catalogue.get(0).get("backupId").asText()).as("newest first").isEqualTo(differentialAgain.get("backupId").asText());
        assertThat(api.get("/api/v1/backups?planId=" + planId + "&level=FULL", tenant.accessToken()).json()).hasSize(1);
    }

    @Test
    void differentialWithoutAFullRunsAsAFullAndSaysWhy() {
        JsonNode backup = finished(backup("DIFFERENTIAL", false));
        assertThat(backup.get("requestedLevel").asText()).isEqualTo("DIFFERENTIAL");
        assertThat(backup.get("level").asText()).isEqualTo("FULL");
        assertThat(backup.get("levelReason").asText()).isEqualTo("NO_SUCCESSFUL_FULL");
        assertThat(backup.get("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void dryRunReportsWhatItWouldStoreAndWritesNothing() throws IOException {
        long before = objectCount();
        JsonNode dryRun = finished(backup("FULL", true));
        assertThat(dryRun.get("status").asText()).as(dryRun.toString()).isEqualTo("SUCCEEDED");
        assertThat(dryRun.get("dryRun").asBoolean()).isTrue();
        assertThat(dryRun.get("stats").get("filesRead").asLong()).isEqualTo(20);
        assertThat(dryRun.get("stats").get("bytesNew").asLong()).isPositive();
        assertThat(objectCount()).as("no object was written").isEqualTo(before);

        JsonNode differential = finished(backup("DIFFERENTIAL", false));
        assertThat(differential.get("level").asText()).as("a dry run is no base for later backups").isEqualTo("FULL");
    }

    @Test
    void aMissingSourcePathFailsWithTheCodeAndThePath() throws IOException {
        Path moved = data.resolveSibling(data.getFileName() + "-moved");
        Files.move(data, moved);
        JsonNode failed = finished(backup("FULL", false));
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").get("code").asText()).isEqualTo("SOURCE_PATH_MISSING");
        assertThat(failed.get("failure").get("message").asText()).contains(data.toString());
        Files.move(moved, data);
    }

    @Test
    void aServerDirectoryThatIsNoLongerADirectoryFailsAsUnreadable() throws IOException {
        Path moved = data.resolveSibling(data.getFileName() + "-moved");
        Files.move(data, moved);
        Files.writeString(data, "a file where the server's directory was");
        try {
            JsonNode failed = finished(backup("FULL", false));
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("failure").get("code").asText()).isEqualTo("SOURCE_UNREADABLE");
            assertThat(failed.get("failure").get("message").asText()).contains(data.toString());
        } finally {
            Files.delete(data);
            Files.move(moved, data);
        }
    }

    @Test
    void cancelStopsARunningBackupAndLeavesNoSnapshot() throws IOException {
        RandomFiles.write(data.resolve("big"), 8, 64 << 20, 42, i -> "blob" + i);
        long snapshotsBefore = snapshotCount();
        String backupId = backup("FULL", false);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).text("status").equals("RUNNING"));
        assertThat(api.post("/api/v1/backups/" + backupId + "/cancel", tenant.accessToken(), Map.of()).status()).isEqualTo(202);
        JsonNode cancelled = finished(backupId);
        assertThat(cancelled.get("status").asText()).as(cancelled.toString()).isEqualTo("CANCELLED");
        assertThat(snapshotCount()).as("a cancelled run leaves no snapshot").isEqualTo(snapshotsBefore);
        assertProblem(api.post("/api/v1/backups/" + backupId + "/cancel", tenant.accessToken(), Map.of()), 409, "BACKUP_FINISHED");
    }

    @Test
    void aFullStorageLocationFailsTheBackupAsStorageFullAtOnce() throws IOException {
        RandomFiles.write(data.resolve("big"), 6, 1 << 20, 7, i -> "part" + i); // 6 MiB that neither compress nor dedup
        Files.createDirectories(storage);
        try (SmallFileSystem disk = SmallFileSystem.mount(storage, 3 << 20)) {
            JsonNode failed = finished(backup("FULL", false));
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("failure").get("code").asText()).as(failed.toString()).isEqualTo("STORAGE_FULL");
            assertThat(failed.get("attempt").asInt()).as("not retried: another attempt would fill it again").isEqualTo(1);
            assertThat(failed.get("failure").get("message").asText()).contains("No space left on device");
            assertThat(snapshotCount()).as("a failed run leaves no snapshot").isZero();
        }
    }

    /**
     * A storage location whose file system is mounted read-only refuses the backup: STORAGE_REFUSED at the first
     * attempt, not retried (another attempt would be refused alike), saying why.
     */
    @Test
    void aStorageLocationOnAReadOnlyFileSystemFailsTheBackupAsStorageRefusedAtOnce() throws IOException {
        Files.createDirectories(storage);
        try (SmallFileSystem disk = SmallFileSystem.mount(storage, 1 << 20)) {
            disk.remountReadOnly();
            JsonNode failed = finished(backup("FULL", false));
            assertThat(failed.get("status").asText()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.get("failure").get("code").asText()).as(failed.toString()).isEqualTo("STORAGE_REFUSED");
            assertThat(failed.get("attempt").asInt()).as("not retried: another attempt would be refused alike").isEqualTo(1);
            assertThat(failed.get("failure").get("message").asText()).contains("Read-only file system", "fix the location");
        }
    }

    @Test
    void aSymbolicLinkOutOfTheServersDirectoryIsNeitherReadNorWrittenThrough() throws IOException {
        Path outside = Files.createTempDirectory("strata-outside-");
        Files.writeString(outside.resolve("secret"), "a file of the platform host");
        Files.createSymbolicLink(data.resolve("escape"), outside); // as a restore of a backup holding this link makes
        String escaping = pathsPlan(tenant, serverId, "escaping", List.of(data.resolve("escape/secret").toString()));
        JsonNode refused = finished(created(api.post("/api/v1/plans/" + escaping + "/backups", tenant.accessToken(),
                Map.of("level", "FULL")), "backupId", 202));
        assertThat(refused.get("status").asText()).as(refused.toString()).isEqualTo("FAILED");
        assertThat(refused.get("failure").get("code").asText()).isEqualTo("PATH_OUTSIDE_SERVER");
        assertThat(refused.get("failure").get("message").asText()).contains("symbolic link");

        String backupId = backup("FULL", false); // the whole directory: the link is recorded as a link, not followed
        JsonNode done = finished(backupId);
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        JsonNode tree = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data, tenant.accessToken()).json();
        assertThat(tree.get("entries").findValuesAsText("name")).contains("escape");
        for (JsonNode entry : tree.get("entries")) {
            if (entry.get("name").asText().equals("escape")) {
                assertThat(entry.get("type").asText()).as(entry.toString()).isEqualTo("SYMLINK");
            }
        }
        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetPath", data.resolve("escape/restored").toString())), 422, "PATH_OUTSIDE_SERVER");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("secret");
        }
    }

    /** Reads go from the server's directory down, links on the way followed only while they stay inside it. */
    @Test
    void aPlanPathThroughALinkThatStaysInsideIsBackedUpThroughIt() throws IOException {
        Files.createSymbolicLink(data.resolve("current"), Path.of("dir1")); // as a release directory is often named
        String through = pathsPlan(tenant, serverId, "through", List.of(data.resolve("current/file1.txt").toString(),
                data.resolve("current/file4.txt").toString()));
        JsonNode done = finished(created(api.post("/api/v1/plans/" + through + "/backups", tenant.accessToken(),
                Map.of("level", "FULL")), "backupId", 202));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.get("stats").get("filesRead").asInt()).as(done.toString()).isEqualTo(2);
    }

    @Test
    void anotherTenantGetsNotFoundOnEveryBackupRoute() {
        String backupId = backup("FULL", false);
        finished(backupId);
        Tenant stranger = signUp();
        assertProblem(api.get("/api/v1/backups/" + backupId, stranger.accessToken()), 404, "NOT_FOUND");
        assertProblem(api.post("/api/v1/backups/" + backupId + "/cancel", stranger.accessToken(), Map.of()), 404, "NOT_FOUND");
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", stranger.accessToken(), Map.of("level", "FULL")),
                404, "NOT_FOUND");
        assertThat(api.get("/api/v1/backups", stranger.accessToken()).json()).isEmpty();
        assertProblem(api.post("/api/v1/plans/" + planId + "/backups", tenant.accessToken(), Map.of("level", "WEEKLY")),
                400, "INVALID_FIELD_VALUE");
        assertProblem(api.get("/api/v1/backups/nope", tenant.accessToken()), 404, "NOT_FOUND");
        Api.Response badFilter = api.get("/api/v1/backups?status=DONE", tenant.accessToken());
        assertProblem(badFilter, 400, "INVALID_PARAMETER");
        assertThat(badFilter.text("detail")).startsWith("Parameter 'status' must be one of ").contains("SUCCEEDED")
                .endsWith("got 'DONE'").doesNotContain("java");
    }

    private String backup(String level, boolean dryRun) {
        return created(api.post("/api/v1/plans/" + planId + "/backups", tenant.accessToken(),
                Map.of("level", level, "dryRun", dryRun)), "backupId", 202);
    }

    private JsonNode finished(String backupId) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.text("status")))
                .json();
    }

    private long objectCount() throws IOException {
        if (!Files.exists(storage)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(storage)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/locks/")).count();
        }
    }

    private long snapshotCount() throws IOException {
        Path snapshots = storage.resolve(tenant.tenantId()).resolve("snapshots");
        if (!Files.exists(snapshots)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(snapshots)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static String created(Api.Response response, String field) {
        return created(response, field, 201);
    }

    private static String created(Api.Response response, String field, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response.text(field);
    }
}
