package io.strata.standalone.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.engine.EngineFixtures;
import io.strata.engine.SmallFileSystem;
import io.strata.engine.SystemXattrs;
import io.strata.engine.restorer.TreeComparison;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.RandomFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Restores to another server of the tenant and verifications, including damage found and survived. */
class RestoreAndVerifyTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    private Tenant tenant;
    private Path data;
    private Path targetRoot;
    private String targetServer;
    private Path storage;
    private String planId;

    @BeforeEach
    void backedUpServerAndATarget() throws IOException {
        tenant = signUp();
        data = Files.createDirectories(localRoot.resolve("src-" + System.nanoTime()));
        Random random = new Random(7);
        for (int i = 0; i < 12; i++) {
            byte[] content = new byte[1000 + i * 5000];
            random.nextBytes(content);
            Path file = Files.createDirectories(data.resolve("d" + (i % 3))).resolve("f" + i);
            Files.write(file, content);
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-0" + (1 + i % 9) + "T10:00:00.123456789Z")));
        }
        Files.setPosixFilePermissions(data.resolve("d0/f0"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(data.resolve("link"), Path.of("d1/f1"));
        SystemXattrs.set(data.resolve("d1/f1"), "user.origin", "kept by strata".getBytes());
        SystemXattrs.set(data.resolve("d2"), "system.posix_acl_default", SystemXattrs.POSIX_ACL);
        SystemXattrs.set(data.resolve("d2/f2"), "system.posix_acl_access", SystemXattrs.POSIX_ACL);
        String source = created(api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "src", "localPath", data.toString())));
        targetRoot = Files.createDirectories(localRoot.resolve("dst-" + System.nanoTime()));
        targetServer = created(api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "dst", "localPath", targetRoot.toString())));
        String location = created(api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "disk", "type", "LOCAL")));
        storage = Path.of(await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/storage-locations",
                tenant.accessToken()).json(), list -> list.size() == 1).get(0).get("settings").get("path").asText());
        planId = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", source,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of(data.toString()))), "storageLocationId", location))
                .text("planId");
    }

    @Test
    void restoreToAnotherServerIsIdenticalInContentAndMetadata() throws IOException {
        String backupId = succeededBackup();
        Path target = targetRoot.resolve("all");
        JsonNode restore = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", target.toString())));
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        assertThat(restore.get("stats").get("filesRestored").asLong()).isEqualTo(12);
        assertThat(restore.get("stats").get("filesVerified").asLong()).isEqualTo(12);

        Path restored = target.resolve(data.toString().substring(1));
        // extended attributes of every namespace, POSIX ACLs among them
        assertThat(SystemXattrs.dump(restored)).isEqualTo(SystemXattrs.dump(data)).containsKeys("d1/f1", "d2", "d2/f2");
        try (Stream<Path> files = Files.walk(data)) {
            for (Path original : files.toList()) {
                Path copy = restored.resolve(data.relativize(original).toString());
                assertThat(Files.exists(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(copy.toString()).isTrue();
                if (Files.isSymbolicLink(original)) {
                    assertThat(Files.readSymbolicLink(copy)).isEqualTo(Files.readSymbolicLink(original));
                } else if (Files.isRegularFile(original)) {
                    assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(Files.readAllBytes(original));
                    assertThat(Files.getLastModifiedTime(copy)).isEqualTo(Files.getLastModifiedTime(original));
                    assertThat(Files.getPosixFilePermissions(copy)).isEqualTo(Files.getPosixFilePermissions(original));
                }
            }
        }

    }

    /**
     * A LOCAL server's names are bytes: files, a directory and a link target whose names are not UTF-8 (Latin-1, made
     * by the shell) are backed up and come back as the same bytes on another LOCAL server, whatever this node's locale.
     */
    @Test
    void namesThatAreNotUtf8OnALocalServerComeBackAsTheirBytes() throws Exception {
        EngineFixtures.writeNamesThatAreNotUtf8(data);
        String backupId = succeededBackup();
        Path target = targetRoot.resolve("names");
        JsonNode restore = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", target.toString())));
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("SUCCEEDED");
        assertThat(restore.get("stats").get("filesRestored").asLong()).isEqualTo(14);

        Path restored = target.resolve(data.toString().substring(1));
        List<String> expected = TreeComparison.namesAndTargets(data);
        assertThat(expected).contains("./caf\u00e9.txt", "./d\u00e9j\u00e0/inside\u00ff", "./l\u00e9nk -> t\u00ffrget");
        assertThat(TreeComparison.namesAndTargets(restored)).isEqualTo(expected);
        assertThat(EngineFixtures.shell(restored, "cat \"$(printf 'caf\\351.txt')\" \"$(printf 'd\\351j\\340/inside\\377')\"")).isEqualTo("latinin");
    }

    @Test
    void treeListsTheBackupAndDownloadIsATarThatGnuTarExtracts() throws Exception {
        String backupId = succeededBackup();
        JsonNode root = api.get("/api/v1/backups/" + backupId + "/tree", tenant.accessToken()).json();
        assertThat(root.get("entries").get(0).get("name").asText()).isEqualTo(data.getName(0).toString());
        JsonNode listing = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data, tenant.accessToken()).json();
        assertThat(listing.get("entries")).extracting(e -> e.get("name").asText()).containsExactly("d0", "d1", "d2", "link");
        JsonNode d0 = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data + "/d0", tenant.accessToken()).json();
        JsonNode f0 = d0.get("entries").get(0);
        assertThat(f0.get("type").asText()).isEqualTo("FILE");
        assertThat(f0.get("mode").asText()).isEqualTo("0750");
        assertThat(f0.get("sha256").asText()).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data.resolve("d0/f0")))));
        assertProblem(api.get("/api/v1/backups/" + backupId + "/tree?path=/no/such", tenant.accessToken()), 404, "PATH_NOT_IN_BACKUP");
        assertProblem(api.get("/api/v1/backups/" + backupId + "/tree?path=" + data + "/d0/f0", tenant.accessToken()), 422,
                "NOT_A_DIRECTORY");
        assertProblem(api.get("/api/v1/backups/" + backupId + "/tree?path=" + data, signUp().accessToken()), 404, "NOT_FOUND");

        var download = api.send(api.builder("/api/v1/backups/" + backupId + "/download?path=" + data, tenant.accessToken()).GET());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).isEqualTo("application/x-tar");
        Path tarFile = Files.createTempFile("backup", ".tar");
        var bytes = java.net.http.HttpClient.newHttpClient().send(api.builder("/api/v1/backups/" + backupId
                + "/download?path=" + data, tenant.accessToken()).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofFile(tarFile));
        assertThat(bytes.statusCode()).isEqualTo(200);
        Path extracted = Files.createTempDirectory("extracted");
        Process tar = new ProcessBuilder("tar", "--xattrs", "--xattrs-include=*", "-xf", tarFile.toString(), "-C",
                extracted.toString()).redirectErrorStream(true).start();
        assertThat(tar.waitFor()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        Path top = extracted.resolve(data.getFileName().toString());
        assertThat(SystemXattrs.dump(top)).isEqualTo(SystemXattrs.dump(data)); // GNU tar sets them from the records
        for (int i = 0; i < 12; i++) {
            Path rel = Path.of("d" + (i % 3), "f" + i);
            assertThat(Files.readAllBytes(top.resolve(rel))).isEqualTo(Files.readAllBytes(data.resolve(rel)));
            assertThat(Files.getLastModifiedTime(top.resolve(rel)).toMillis()).isEqualTo(Files.getLastModifiedTime(data.resolve(rel)).toMillis());
        }
        assertThat(Files.readSymbolicLink(top.resolve("link"))).isEqualTo(Path.of("d1/f1"));
        assertProblem(api.get("/api/v1/backups/" + backupId + "/download?path=/no/such", tenant.accessToken()), 404, "PATH_NOT_IN_BACKUP");
    }

    @Test
    void selectedPathsOverwriteAndRefusals() throws IOException {
        String backupId = succeededBackup();
        Path target = targetRoot.resolve("some");
        JsonNode some = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", target.toString(), "paths", List.of(data + "/d1"))));
        assertThat(some.get("status").asText()).as(some.toString()).isEqualTo("SUCCEEDED");
        assertThat(some.get("stats").get("filesRestored").asLong()).isEqualTo(4);

        JsonNode refused = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", target.toString())));
        assertThat(refused.get("status").asText()).isEqualTo("FAILED");
        assertThat(refused.get("failure").get("code").asText()).isEqualTo("TARGET_NOT_EMPTY");
        JsonNode overwritten = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", target.toString(), "overwrite", true)));
        assertThat(overwritten.get("status").asText()).as(overwritten.toString()).isEqualTo("SUCCEEDED");
        Path untouched = targetRoot.resolve("untouched");
        var nothing = api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", untouched.toString(),
                        "paths", List.of(data + "/d1", data + "/no-such-thing", data + "/d0/f0/below-a-file")));
        assertProblem(nothing, 422, "PATH_NOT_IN_BACKUP");
        assertThat(nothing.json().get("detail").asText())
                .endsWith("nothing at " + data + "/no-such-thing, " + data + "/d0/f0/below-a-file");
        assertThat(nothing.json().get("field").asText()).isEqualTo("paths");
        assertThat(untouched).as("refused before the target is touched").doesNotExist();
        Path aFile = Files.writeString(targetRoot.resolve("a-file"), "kept");
        JsonNode intoAFile = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", aFile.toString(), "overwrite", true)));
        assertThat(intoAFile.get("status").asText()).as(intoAFile.toString()).isEqualTo("FAILED");
        assertThat(intoAFile.get("failure").get("code").asText()).isEqualTo("TARGET_NOT_DIRECTORY");
        JsonNode belowAFile = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", aFile + "/sub")));
        assertThat(belowAFile.get("failure").get("code").asText()).as(belowAFile.toString()).isEqualTo("TARGET_NOT_DIRECTORY");
        assertThat(belowAFile.get("failure").get("message").asText()).contains(aFile + " is not a directory");
        assertThat(Files.readString(aFile)).isEqualTo("kept");

        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", "/etc")), 422, "PATH_OUTSIDE_SERVER");
        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", "relative")), 400, "INVALID_PATH");
        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", signUp().accessToken(),
                Map.of("targetPath", target.toString())), 404, "NOT_FOUND");
        String dryRun = api.post("/api/v1/plans/" + planId + "/backups", tenant.accessToken(),
                Map.of("level", "FULL", "dryRun", true)).text("backupId");
        await().atMost(Duration.ofSeconds(30)).until(() -> "SUCCEEDED".equals(api.get("/api/v1/backups/" + dryRun,
                tenant.accessToken()).text("status")));
        assertProblem(api.post("/api/v1/backups/" + dryRun + "/restores", tenant.accessToken(),
                Map.of("targetPath", target.toString())), 409, "BACKUP_NOT_RESTORABLE");
    }

    @Test
    void verificationFindsDamageAndARestoreSavesEveryOtherFile() throws IOException {
        String backupId = succeededBackup();
        JsonNode clean = finishedVerification(api.post("/api/v1/backups/" + backupId + "/verifications", tenant.accessToken(),
                Map.of("readData", true)));
        assertThat(clean.get("status").asText()).as(clean.toString()).isEqualTo("VERIFIED");
        assertThat(clean.get("chunksChecked").asLong()).isPositive();
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/backups/" + backupId,
                tenant.accessToken()).json().get("integrity"), i -> "VERIFIED".equals(i.get("status").asText()))
                .get("verifiedAt").asText()).isNotBlank();

        Path pack;
        try (Stream<Path> packs = Files.walk(storage.resolve(tenant.tenantId()).resolve("data"))) {
            pack = packs.filter(Files::isRegularFile).max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
            file.seek(file.length() / 3);
            int b = file.read();
            file.seek(file.length() / 3);
            file.write(b ^ 0xFF);
        }

        JsonNode damaged = finishedVerification(api.post("/api/v1/backups/" + backupId + "/verifications", tenant.accessToken(),
                Map.of("readData", true)));
        assertThat(damaged.get("status").asText()).as(damaged.toString()).isEqualTo("DAMAGED");
        assertThat(damaged.get("errors")).isNotEmpty();
        assertThat(damaged.get("errors").toString()).contains(pack.getFileName().toString());
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/backups/" + backupId,
                tenant.accessToken()).json().get("integrity").get("status").asText(), "DAMAGED"::equals)).isEqualTo("DAMAGED");

        JsonNode restore = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", targetRoot.resolve("after-damage").toString())));
        assertThat(restore.get("status").asText()).isEqualTo("FAILED");
        assertThat(restore.get("failure").get("code").asText()).isEqualTo("RESTORE_INCOMPLETE");
        assertThat(restore.get("failure").get("failedFiles")).isNotEmpty();
        assertThat(restore.get("stats").get("filesRestored").asLong()).as("the other files were restored").isPositive();
    }

    @Test
    void aRestoreOntoADiskThatFillsUpStopsThereWithTargetFull() throws IOException {
        String backupId = succeededBackup();
        Path target = Files.createDirectories(targetRoot.resolve("small-disk"));
        try (SmallFileSystem disk = SmallFileSystem.mount(target, 128 << 10)) { // a third of the 12 files' bytes
            JsonNode restore = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                    Map.of("targetServerId", targetServer, "targetPath", target.toString())));
            assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("FAILED");
            assertThat(restore.get("failure").get("code").asText()).isEqualTo("TARGET_FULL");
            assertThat(restore.get("failure").get("message").asText()).contains("No space left on device", "make room");
            long restored = restore.get("stats").get("filesRestored").asLong();
            assertThat(restored).as("the files written before the disk filled are kept").isPositive().isLessThan(12);
            // only the files being written when it filled failed (one per worker at most); none was begun after
            assertThat(restore.get("failure").get("failedFiles")).isNotEmpty().hasSizeLessThanOrEqualTo(4);
            try (Stream<Path> files = Files.walk(target)) {
                assertThat(files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).count()).isEqualTo(restored);
            }
        }
    }

    /**
     * A target whose file system is mounted read-only: a restore into a new directory there fails at once, one into an
     * existing directory at the first entries refused (not each of its files alike), both with TARGET_READ_ONLY.
     */
    @Test
    void aRestoreOntoAReadOnlyFileSystemFailsWithTargetReadOnly() throws IOException {
        String backupId = succeededBackup();
        Path disk = Files.createDirectories(targetRoot.resolve("read-only-disk"));
        try (SmallFileSystem fs = SmallFileSystem.mount(disk, 1 << 20)) {
            Path existing = Files.createDirectories(disk.resolve("existing"));
            fs.remountReadOnly();
            for (Path target : List.of(disk.resolve("new"), existing)) {
                JsonNode restore = finishedRestore(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                        Map.of("targetServerId", targetServer, "targetPath", target.toString())));
                assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("FAILED");
                assertThat(restore.get("failure").get("code").asText()).isEqualTo("TARGET_READ_ONLY");
                assertThat(restore.get("failure").get("message").asText()).contains("Read-only file system", "writable");
                assertThat(restore.get("stats").get("filesRestored").asLong()).isZero();
                assertThat(restore.get("failure").get("failedFiles")).hasSizeLessThanOrEqualTo(4);
            }
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aDownloadTheClientBreaksOffIsNoErrorOfThePlatform(CapturedOutput output) throws Exception {
        RandomFiles.write(data, 1, 48 << 20, 3, i -> "big"); // far more than the sockets buffer
        String backupId = succeededBackup();
        HttpResponse<InputStream> download = HttpClient.newHttpClient().send(api.builder("/api/v1/backups/" + backupId
                + "/download?path=" + data, tenant.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        try (InputStream in = download.body()) {
            assertThat(in.readNBytes(64 << 10)).hasSize(64 << 10);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("ended by the client"));
        assertThat(output.getAll()).doesNotContain("Unexpected failure while serving a request");
    }

    private String succeededBackup() {
        String backupId = api.post("/api/v1/plans/" + planId + "/backups", tenant.accessToken(), Map.of("level", "FULL"))
                .text("backupId");
        JsonNode backup = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json(),
                        b -> b.has("status") && List.of("SUCCEEDED", "FAILED").contains(b.get("status").asText()));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        return backupId;
    }

    private JsonNode finishedRestore(Api.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.text("restoreId");
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/restores/" + id, tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED").contains(r.text("status"))).json();
    }

    private JsonNode finishedVerification(Api.Response accepted) {
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.text("verificationId");
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/verifications/" + id, tenant.accessToken()),
                        r -> r.status() == 200 && List.of("VERIFIED", "DAMAGED", "FAILED").contains(r.text("status"))).json();
    }

    private static String created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().elements().next().asText();
    }
}
