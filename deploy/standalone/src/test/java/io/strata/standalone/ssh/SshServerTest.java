package io.strata.standalone.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.Shell;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.engine.SmallFileSystem;
import io.strata.engine.SystemXattrs;
import io.strata.engine.output.Output;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import io.strata.standalone.support.RandomFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Servers reached over SSH, against a real OpenSSH server (own config, host key and high port) and Apache
 * MINA SSHD's server, both on loopback: onboarding with host-key pinning and mismatch, backups over SFTP
 * at every level, restores over SFTP, a pg_dump COMMAND source restored with pg_restore, failures.
 */
class SshServerTest extends PlatformTest {

    @RegisterExtension
    static final OpenSshServer SSHD = new OpenSshServer();

    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();

    @RegisterExtension
    static final MinaSshServer REFUSING_CHOWN = MinaSshServer.faulty();
    @RegisterExtension
    static final MinaSshServer SFTP_ONLY = MinaSshServer.sftpOnly();
    /** A hardened OpenSSH: 2 channels per connection, where a backup wants 4 SFTP channels and 5 command loops. */
    @RegisterExtension
    static final OpenSshServer TWO_CHANNELS = OpenSshServer.withMaxSessions(2);

    /** Registers the server through the API and authorizes the tenant's public key on it, as onboarding does. */
    private String register(Tenant tenant, SshTestServer server) throws IOException {
        Api.Response registered = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "ssh-" + server.endpoint().port(),
                "host", "127.0.0.1", "port", server.endpoint().port(), "username", server.endpoint().username()));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        if (server instanceof OpenSshServer openSsh) {
            openSsh.authorize(registered.text("publicKey"));
        } else {
            ((MinaSshServer) server).authorize(registered.text("publicKey"));
        }
        return registered.text("serverId");
    }

    /** The loopback OpenSSH server registered for the tenant, its connection tested (host key pinned); its id. */
    private String onboarded(Tenant tenant) throws IOException {
        return onboarded(tenant, SSHD);
    }

    /** {@code server} registered for the tenant, its connection tested (host key pinned); its id. */
    private String onboarded(Tenant tenant, SshTestServer server) throws IOException {
        String id = register(tenant, server);
        assertThat(test(tenant, id).get("ok").asBoolean()).isTrue();
        return id;
    }

    private JsonNode test(Tenant tenant, String serverId) {
        Api.Response response = api.post("/api/v1/servers/" + serverId + "/connection-test", tenant.accessToken(), Map.of());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    @Test
    void onboardingPinsTheHostKeyAndRefusesAChangedOneUntilReplaced() throws Exception {
        Tenant tenant = signUp();
        String server = register(tenant, MINA);
        JsonNode first = test(tenant, server);
        assertThat(first.get("ok").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("hostKeyFingerprint").asText()).isEqualTo(MINA.hostKeyFingerprint());
        assertThat(first.get("hostKeyPinned").asBoolean()).isTrue();
        assertThat(test(tenant, server).get("ok").asBoolean()).isTrue();

        String oldKey = MINA.hostKeyFingerprint();
        MINA.regenerateHostKey();
        try {
            JsonNode mismatch = test(tenant, server);
            assertThat(mismatch.get("ok").asBoolean()).isFalse();
            assertThat(mismatch.get("code").asText()).isEqualTo("SSH_HOST_KEY_MISMATCH");
            assertThat(mismatch.get("hostKeyFingerprint").asText()).isEqualTo(MINA.hostKeyFingerprint()).isNotEqualTo(oldKey);

            Member operator = addMember(tenant, "OPERATOR");
            assertProblem(api.send(api.builder("/api/v1/servers/" + server + "/host-key", operator.accessToken())
                    .header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Api.json(Map.of("fingerprint", MINA.hostKeyFingerprint()))))),
                    403, "FORBIDDEN");
            Api.Response repinned = api.send(api.builder("/api/v1/servers/" + server + "/host-key", tenant.accessToken())
                    .header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(Api.json(Map.of("fingerprint", MINA.hostKeyFingerprint())))));
            assertThat(repinned.status()).as(repinned.toString()).isEqualTo(200);
            assertThat(test(tenant, server).get("ok").asBoolean()).isTrue();
        } finally {
            // later tests pin the key they see; nothing to restore
        }
    }

    @Test
    void failuresHaveTheirOwnCodes() throws Exception {
        Tenant tenant = signUp();
        String unauthorized = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "no-key", "host", "127.0.0.1",
                "port", SSHD.port(), "username", SSHD.user())).text("serverId");
        assertThat(test(tenant, unauthorized).get("code").asText()).isEqualTo("SSH_AUTH_FAILED");
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String refused = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "closed", "host", "127.0.0.1",
                "port", closed, "username", "root")).text("serverId");
        JsonNode refusal = test(tenant, refused);
        assertThat(refusal.get("code").asText()).isEqualTo("SSH_CONNECTION_REFUSED");
        assertThat(refusal.get("retryable").asBoolean()).isTrue();
        assertProblem(api.post("/api/v1/servers/" + refused + "/connection-test", signUp().accessToken(), Map.of()), 404, "NOT_FOUND");

        String location = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "l", "type", "LOCAL"))
                .text("storageLocationId");
        String plan = api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", "p", "serverId", refused,
                "sources", List.of(Map.of("type", "PATHS", "paths", List.of("/etc"))), "storageLocationId", location)).text("planId");
        JsonNode backup = finished(tenant, api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(),
                Map.of("level", "FULL")).text("backupId"));
        assertThat(backup.get("status").asText()).isEqualTo("FAILED");
        assertThat(backup.get("failure").get("code").asText()).as("never pinned: refused before connecting")
                .isEqualTo("HOST_KEY_MISMATCH");
    }

    @Test
    void backupsOverSftpReadOnlyWhatChangedAndRestoreIdentically() throws Exception {
        Tenant tenant = signUp();
        String server = onboarded(tenant);
        Path data = Files.createTempDirectory("ssh-data");
        for (int i = 0; i < 15; i++) {
            Path file = Files.createDirectories(data.resolve("dir" + (i % 4))).resolve("file" + i);
            Files.writeString(file, ("line " + i + "\n").repeat(i * 50 + 1));
            Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-06-0" + (1 + i % 9) + "T08:00:00Z")));
        }
        Files.setPosixFilePermissions(data.resolve("dir1/file1"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(data.resolve("link"), Path.of("dir2/file2"));
        Files.createLink(data.resolve("dir3/hard"), data.resolve("dir3/file3"));
        SystemXattrs.set(data.resolve("dir2/file2"), "user.origin", "kept over ssh".getBytes(StandardCharsets.UTF_8));
        SystemXattrs.set(data.resolve("dir1"), "system.posix_acl_default", SystemXattrs.POSIX_ACL);
        SystemXattrs.set(data.resolve("dir1/file1"), "system.posix_acl_access", SystemXattrs.POSIX_ACL);
        String plan = pathsPlan(tenant, server, "p", List.of(data.toString()));

        JsonNode full = finished(tenant, backup(tenant, plan, "FULL"));
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("SUCCEEDED");
        assertThat(full.get("stats").get("filesRead").asLong()).isEqualTo(15); // the hard link's two names read once

        Files.writeString(data.resolve("dir0/file0"), "changed over ssh, and longer than before");
        JsonNode differential = finished(tenant, backup(tenant, plan, "DIFFERENTIAL"));
        assertThat(differential.get("status").asText()).as(differential.toString()).isEqualTo("SUCCEEDED");
        assertThat(differential.get("baseBackupId").asText()).isEqualTo(full.get("backupId").asText());
        assertThat(differential.get("stats").get("filesRead").asLong()).isEqualTo(1);
        JsonNode incremental = finished(tenant, backup(tenant, plan, "INCREMENTAL"));
        assertThat(incremental.get("baseBackupId").asText()).isEqualTo(differential.get("backupId").asText());
        assertThat(incremental.get("stats").get("filesRead").asLong()).isZero();

        Path target = Files.createTempDirectory("ssh-restore").resolve("into");
        Api.Response restore = api.post("/api/v1/backups/" + differential.get("backupId").asText() + "/restores",
                tenant.accessToken(), Map.of("targetPath", target.toString()));
        JsonNode restored = finishedRestore(tenant, restore.text("restoreId"));
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        Path copy = target.resolve(data.toString().substring(1));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path original : files.filter(Files::isRegularFile).toList()) {
                Path twin = copy.resolve(data.relativize(original).toString());
                assertThat(Files.readAllBytes(twin)).as(twin.toString()).isEqualTo(Files.readAllBytes(original));
                assertThat(Files.getPosixFilePermissions(twin)).isEqualTo(Files.getPosixFilePermissions(original));
                assertThat(Files.getLastModifiedTime(twin)).as(twin.toString())
                        .isEqualTo(Files.getLastModifiedTime(original)); // to the nanosecond, beyond SFTP's seconds
            }
        }
        assertThat(Files.readSymbolicLink(copy.resolve("link"))).isEqualTo(Path.of("dir2/file2"));
        assertThat(Files.isSameFile(copy.resolve("dir3/hard"), copy.resolve("dir3/file3"))).isTrue();
        // extended attributes, which SFTP cannot carry, read and written through the server's perl: POSIX ACLs too
        assertThat(SystemXattrs.dump(copy)).isEqualTo(SystemXattrs.dump(data)).containsKeys("dir1", "dir1/file1", "dir2/file2");

        Path linked = Files.createSymbolicLink(target.resolveSibling("linked"), target); // a link to a directory: written through
        JsonNode throughLink = finishedRestore(tenant, api.post("/api/v1/backups/" + differential.get("backupId").asText()
                + "/restores", tenant.accessToken(), Map.of("targetPath", linked.toString(), "overwrite", true)).text("restoreId"));
        assertThat(throughLink.get("status").asText()).as(throughLink.toString()).isEqualTo("SUCCEEDED");
        Path aFile = Files.writeString(target.resolveSibling("a-file"), "kept");
        JsonNode intoAFile = finishedRestore(tenant, api.post("/api/v1/backups/" + differential.get("backupId").asText()
                + "/restores", tenant.accessToken(), Map.of("targetPath", aFile.toString(), "overwrite", true)).text("restoreId"));
        assertThat(intoAFile.get("failure").get("code").asText()).as(intoAFile.toString()).isEqualTo("TARGET_NOT_DIRECTORY");
        JsonNode belowAFile = finishedRestore(tenant, api.post("/api/v1/backups/" + differential.get("backupId").asText()
                + "/restores", tenant.accessToken(), Map.of("targetPath", aFile + "/sub/dir")).text("restoreId"));
        assertThat(belowAFile.get("failure").get("code").asText()).as(belowAFile.toString()).isEqualTo("TARGET_NOT_DIRECTORY");
        assertThat(Files.readString(aFile)).isEqualTo("kept");

        // listed through the server's find, a rewrite within the same second and of the same size is seen
        Path rewritten = data.resolve("dir1/file5");
        FileTime before = Files.getLastModifiedTime(rewritten);
        Files.writeString(rewritten, Files.readString(rewritten).toUpperCase());
        Files.setLastModifiedTime(rewritten, FileTime.from(before.toInstant().plusMillis(500)));
        JsonNode sameSecond = finished(tenant, backup(tenant, plan, "INCREMENTAL"));
        assertThat(sameSecond.get("stats").get("filesRead").asLong()).as(sameSecond.toString()).isEqualTo(1);
    }

    @Test
    void aServerAllowingTwoChannelsPerConnectionIsBackedUpPreciselyAndRestoredWhole() throws Exception {
        Tenant tenant = signUp();
        String server = onboarded(tenant, TWO_CHANNELS);
        Path data = Files.createTempDirectory("ssh-hardened");
        for (int i = 0; i < 12; i++) {
            Path file = Files.createDirectories(data.resolve("dir" + (i % 3))).resolve("file" + i);
            Files.writeString(file, ("line " + i + "\n").repeat(i * 40 + 1));
        }
        SystemXattrs.set(data.resolve("dir1/file1"), "system.posix_acl_access", SystemXattrs.POSIX_ACL);
        Path rewritten = data.resolve("dir2/file5");
        Files.setLastModifiedTime(rewritten, FileTime.from(Instant.parse("2025-06-01T08:00:00.100Z")));
        Process mkfifo = new ProcessBuilder("mkfifo", data.resolve("fifo").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        String plan = pathsPlan(tenant, server, "hardened", List.of(data.toString()));

        JsonNode full = finished(tenant, backup(tenant, plan, "FULL"));
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("SUCCEEDED");
        assertThat(full.get("stats").get("filesRead").asLong()).isEqualTo(12);
        // listed through find beside the SFTP channels: a rewrite within the same second and size is still seen
        // (SFTP's whole seconds would not show it)
        Files.writeString(rewritten, Files.readString(rewritten).toUpperCase());
        Files.setLastModifiedTime(rewritten, FileTime.from(Instant.parse("2025-06-01T08:00:00.600Z")));
        JsonNode incremental = finished(tenant, backup(tenant, plan, "INCREMENTAL"));
        assertThat(incremental.get("status").asText()).as(incremental.toString()).isEqualTo("SUCCEEDED");
        assertThat(incremental.get("stats").get("filesRead").asLong()).isEqualTo(1);

        Path target = Files.createTempDirectory("ssh-hardened-restore").resolve("into");
        JsonNode restored = finishedRestore(tenant, api.post("/api/v1/backups/" + incremental.get("backupId").asText()
                + "/restores", tenant.accessToken(), Map.of("targetPath", target.toString())).text("restoreId"));
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(restored.get("stats").get("xattrsNotApplied").asLong()).isZero();
        Path copy = target.resolve(data.toString().substring(1));
        try (Stream<Path> files = Files.walk(data)) {
            for (Path original : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                Path twin = copy.resolve(data.relativize(original).toString());
                assertThat(Files.readAllBytes(twin)).as(twin.toString()).isEqualTo(Files.readAllBytes(original));
                assertThat(Files.getLastModifiedTime(twin)).as(twin.toString()).isEqualTo(Files.getLastModifiedTime(original));
            }
        }
        assertThat(Files.readAttributes(copy.resolve("fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS).get("mode"))
                .as("the FIFO, made by mknod on a channel beside the SFTP ones").matches(m -> ((Integer) m & 0170000) == 0010000);
        assertThat(SystemXattrs.dump(copy)).isEqualTo(SystemXattrs.dump(data)).containsKeys("dir1/file1");
    }

    @Test
    void aPgDumpCommandSourceRestoresWithPgRestore() throws Exception {
        String source = "strata_dump_" + UUID.randomUUID().toString().substring(0, 8);
        String copy = source + "_copy";
        try (Connection admin = FreshDatabase.connect("postgres", FreshDatabase.ADMIN_USER); Statement statement = admin.createStatement()) {
            statement.execute("create database " + source);
            statement.execute("create database " + copy);
        }
        try (Connection db = FreshDatabase.connect(source, FreshDatabase.ADMIN_USER); Statement statement = db.createStatement()) {
            statement.execute("create table invoice (id int primary key, amount numeric, note text)");
            statement.execute("insert into invoice select g, g * 1.5, 'note ' || g from generate_series(1, 5000) g");
        }
        try {
            Tenant tenant = signUp();
            String server = onboarded(tenant);
            String location = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "l", "type", "LOCAL"))
                    .text("storageLocationId");
            String dump = "pg_dump -Fc -h 127.0.0.1 -U postgres " + source;
            String plan = commandPlan(tenant, server, location, dump, "app.dump");
            JsonNode backup = finished(tenant, backup(tenant, plan, "FULL"));
            assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");

            Path target = Files.createTempDirectory("dump-restore").resolve("out");
            JsonNode restored = finishedRestore(tenant, api.post("/api/v1/backups/" + backup.get("backupId").asText() + "/restores",
                    tenant.accessToken(), Map.of("targetPath", target.toString())).text("restoreId"));
            assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
            Path file = target.resolve("commands/app.dump");
            Process pgRestore = new ProcessBuilder("pg_restore", "-h", "127.0.0.1", "-U", "postgres", "-d", copy, file.toString())
                    .redirectErrorStream(true).start();
            assertThat(pgRestore.waitFor()).as(new String(pgRestore.getInputStream().readAllBytes())).isZero();
            try (Connection db = FreshDatabase.connect(copy, FreshDatabase.ADMIN_USER); Statement statement = db.createStatement();
                 ResultSet rs = statement.executeQuery("select count(*), sum(amount) from invoice")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5000);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("18753750");
            }

            String failing = commandPlan(tenant, server, location, "sh -c 'echo no such database >&2; exit 3'", "bad.dump");
            JsonNode failed = finished(tenant, backup(tenant, failing, "FULL"));
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("failure").get("code").asText()).isEqualTo("COMMAND_FAILED");
            assertThat(failed.get("failure").get("message").asText()).contains("no such database").contains("3");

            // a dump that hangs (a lock never released) is stopped after the stall timeout, not waited on forever
            String hanging = commandPlan(tenant, server, location, "sh -c 'printf header; sleep 600'", "stuck.dump");
            JsonNode stuck = finished(tenant, backup(tenant, hanging, "FULL"));
            assertThat(stuck.get("status").asText()).isEqualTo("FAILED");
            assertThat(stuck.get("failure").get("code").asText()).isEqualTo("COMMAND_FAILED");
            assertThat(stuck.get("failure").get("message").asText()).contains("wrote nothing for the stall timeout");
        } finally {
            try (Connection admin = FreshDatabase.connect("postgres", FreshDatabase.ADMIN_USER); Statement statement = admin.createStatement()) {
                statement.execute("drop database if exists " + source + " with (force)");
                statement.execute("drop database if exists " + copy + " with (force)");
            }
        }
    }

    @Test
    void aConnectionThatBreaksDuringABackupFailsTheAttemptRatherThanKeepingAPartialSnapshot() throws Exception {
        Tenant tenant = signUp();
        CutPlan cut = cutPlan(tenant, "cut");
        Path data = cut.data();
        int files = CutPlan.FILES;
        String backupId = backup(tenant, cut.planId(), "FULL");
        // once the engine is reading (progress shows scanned files), the server drops the connection
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()), r -> r.status() == 200
                        && (r.json().path("stats").path("filesScanned").asLong() > 0 || !r.text("status").matches("REQUESTED|RUNNING")));
        assertThat(api.get("/api/v1/backups/" + backupId, tenant.accessToken()).text("status"))
                .as("not finished when the connection is cut").isIn("REQUESTED", "RUNNING");
        SSHD.dropConnections();

        // that attempt fails (retryable) and the next one reads everything: a run that lost its
        // connection never stands as the backup, with the files it could not read missing
        JsonNode backup = finished(tenant, backupId);
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        assertThat(backup.get("stats").get("filesRead").asLong()).as(backup.toString()).isEqualTo(files);
        JsonNode tree = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data + "/d0", tenant.accessToken()).json();
        assertThat(tree.get("entries")).as(tree.toString()).hasSize(files / 6);
    }

    @Test
    void aFileTheServerCannotReadIsNamedAndTheRestOfTheBackupStandsButNothingReadableIsAFailure() throws Exception {
        Tenant tenant = signUp();
        String server = onboarded(tenant);
        Path data = Files.createTempDirectory("ssh-partial");
        for (int i = 0; i < 3; i++) {
            Files.writeString(data.resolve("file" + i), "readable " + i + "\n");
        }
        // a sysctl that is write-only even for root: the kernel refuses to open it for reading
        String refused = "/proc/sys/vm/drop_caches";
        String plan = pathsPlan(tenant, server, "partial", List.of(data.toString(), refused));

        JsonNode backup = finished(tenant, backup(tenant, plan, "FULL"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        assertThat(backup.get("stats").get("filesRead").asLong()).as(backup.toString()).isEqualTo(3);
        assertThat(backup.get("stats").get("filesFailed").asLong()).as(backup.toString()).isEqualTo(1);
        assertThat(backup.get("stats").get("filesChangedDuringRead").asLong()).as(backup.toString()).isZero();
        JsonNode problems = backup.get("fileProblems");
        assertThat(problems).as(backup.toString()).hasSize(1);
        assertThat(problems.get(0).get("path").asText()).isEqualTo(refused);
        assertThat(problems.get(0).get("code").asText()).isEqualTo("UNREADABLE");
        assertThat(problems.get(0).get("message").asText()).containsIgnoringCase("denied");
        // the listing shows what was stored: the readable files, and not the refused one
        JsonNode tree = api.get("/api/v1/backups/" + backup.get("backupId").asText() + "/tree?path=" + data,
                tenant.accessToken()).json();
        assertThat(tree.get("entries")).as(tree.toString()).hasSize(3);
        Api.Response vm = api.get("/api/v1/backups/" + backup.get("backupId").asText() + "/tree?path=/proc/sys/vm",
                tenant.accessToken());
        assertThat(vm.status() == 404 || vm.json().get("entries").isEmpty()).as(vm.toString()).isTrue();

        // a plan of which nothing at all can be read does not stand as a backup
        String unreadable = pathsPlan(tenant, server, "unreadable", List.of(refused));
        JsonNode nothing = finished(tenant, backup(tenant, unreadable, "FULL"));
        assertThat(nothing.get("status").asText()).as(nothing.toString()).isEqualTo("FAILED");
        assertThat(nothing.get("failure").get("code").asText()).isEqualTo("SOURCE_UNREADABLE");
        assertThat(nothing.get("failure").get("message").asText()).contains(refused);
    }

    @Test
    void aConnectionThatBreaksDuringARestoreFailsItAndLeavesTheFilesNotRestoredAsTheyWere() throws Exception {
        Tenant tenant = signUp();
        CutPlan cut = cutPlan(tenant, "restore-cut");
        Path data = cut.data();
        int files = CutPlan.FILES;
        JsonNode backup = finished(tenant, backup(tenant, cut.planId(), "FULL"));
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("SUCCEEDED");
        // the target already holds an older version of every file, to be overwritten
        Path target = Files.createTempDirectory("ssh-restore-cut-target");
        Path copy = target.resolve(data.toString().substring(1));
        List<Path> originals;
        try (Stream<Path> walk = Files.walk(data)) {
            originals = walk.filter(Files::isRegularFile).toList();
        }
        for (Path original : originals) {
            Path twin = Files.createDirectories(copy.resolve(data.relativize(original.getParent()).toString()))
                    .resolve(original.getFileName().toString());
            Files.writeString(twin, "older " + original.getFileName());
        }

        String restoreId = api.post("/api/v1/backups/" + backup.get("backupId").asText() + "/restores", tenant.accessToken(),
                Map.of("targetPath", target.toString(), "overwrite", true)).text("restoreId");
        // once files are being written (their temporary names appear), the server drops the connection
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).ignoreExceptions().until(() -> {
            try (Stream<Path> walk = Files.walk(copy)) {
                return walk.anyMatch(f -> f.getFileName().toString().startsWith(Output.TEMPORARY_PREFIX));
            }
        });
        SSHD.dropConnections();

        JsonNode restore = finishedRestore(tenant, restoreId);
        assertThat(restore.get("status").asText()).as(restore.toString()).isEqualTo("FAILED");
        assertThat(restore.get("failure").get("code").asText()).as(restore.toString()).isEqualTo("SERVER_UNREACHABLE");
        // every file is whole: the older version, or the backed-up one; never a part of it
        int restored = 0;
        for (Path original : originals) {
            Path twin = copy.resolve(data.relativize(original).toString());
            byte[] content = Files.readAllBytes(twin);
            if (Arrays.equals(content, Files.readAllBytes(original))) {
                restored++;
            } else {
                assertThat(new String(content)).as(twin.toString()).isEqualTo("older " + original.getFileName());
            }
        }
        assertThat(restored).as("cut before the end").isLessThan(files);
    }

    /** A new directory of {@code files} files {@code d<i % directories>/f<i>}, each the line "file i". */
    private static Path lineFiles(String prefix, int files, int directories) throws IOException {
        Path data = Files.createTempDirectory(prefix);
        for (int i = 0; i < files; i++) {
            Files.writeString(Files.createDirectories(data.resolve("d" + i % directories)).resolve("f" + i), "file " + i + "\n");
        }
        return data;
    }

    /**
     * A restore onto an SSH server whose file system is mounted read-only fails with TARGET_READ_ONLY, told from
     * {@code statvfs@openssh.com} (OpenSSH answers EROFS with a bare FAILURE): into a directory still to be made there
     * at once, into an existing one at the first entries refused rather than file by file.
     */
    @Test
    void aRestoreOntoAReadOnlyFileSystemOfAnSshServerFailsWithTargetReadOnly() throws Exception {
        Tenant tenant = signUp();
        String server = onboarded(tenant);
        Path data = lineFiles("ssh-read-only", 200, 4);
        String backupId = fullBackup(tenant, server, data);
        Path disk = Files.createTempDirectory("ssh-read-only-disk");
        try (SmallFileSystem fs = SmallFileSystem.mount(disk, 1 << 20)) {
            Path existing = Files.createDirectories(disk.resolve("existing"));
            fs.remountReadOnly();
            for (Path into : List.of(disk.resolve("new"), existing)) {
                JsonNode restored = restoreOnto(tenant, backupId, server, into);
                assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("FAILED");
                assertThat(restored.get("failure").get("code").asText()).as(restored.toString()).isEqualTo("TARGET_READ_ONLY");
                assertThat(restored.get("failure").get("message").asText()).contains("read-only", "writable");
                assertThat(restored.get("stats").get("filesRestored").asLong()).isZero();
                assertThat(restored.get("failure").get("failedFiles")).hasSizeLessThan(200);
            }
        }
    }

    /**
     * A restore onto an SSH server keeps many files in flight, since each costs round trips: the server sees more
     * files open at once than the workers of a local restore could hold.
     */
    @Test
    void aRestoreOntoAnSshServerKeepsManyFilesInFlight() throws Exception {
        Tenant tenant = signUp();
        String source = onboarded(tenant);
        Path data = lineFiles("ssh-many", 400, 8);
        String backupId = fullBackup(tenant, source, data);
        String target = onboarded(tenant, MINA);
        Path into = Files.createTempDirectory("ssh-many-restore").resolve("into");

        MINA.resetMostFilesOpen();
        JsonNode restored = restoreOnto(tenant, backupId, target, into);

        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(restored.get("stats").get("filesVerified").asLong()).isEqualTo(400);
        assertThat(MINA.mostFilesOpenAtOnce()).isGreaterThan(RestoreRequest.DEFAULT_WORKERS);
        assertThat(Files.readString(into.resolve(data.toString().substring(1)).resolve("d7/f399"))).isEqualTo("file 399\n");
    }

    /**
     * A login that may not chown (not root) restores everything else; the restore counts the owners it left out
     * and the node's log says so.
     */
    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aRestoreByALoginThatMayNotChownSucceedsAndTheLogSaysSo(CapturedOutput output) throws Exception {
        Tenant tenant = signUp();
        String source = onboarded(tenant);
        Path data = Files.createTempDirectory("ssh-owned");
        Files.writeString(data.resolve("owned"), "x\n");
        Files.setAttribute(data.resolve("owned"), "unix:uid", 4242);
        SystemXattrs.set(data.resolve("owned"), "user.note", new byte[] {1});
        String backupId = fullBackup(tenant, source, data);
        String target = onboarded(tenant, REFUSING_CHOWN);
        Path into = Files.createTempDirectory("ssh-owned-restore").resolve("into");

        JsonNode restored = restoreOnto(tenant, backupId, target, into);

        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        assertThat(restored.get("stats").get("ownersNotApplied").asLong()).as(restored.toString()).isPositive();
        assertThat(restored.get("stats").get("xattrsNotApplied").asLong()).as(restored.toString()).isZero();
        Path copy = into.resolve(data.toString().substring(1)).resolve("owned");
        assertThat(Files.readString(copy)).isEqualTo("x\n");
        assertThat(Files.getAttribute(copy, "unix:uid")).isNotEqualTo(4242);
        assertThat(SystemXattrs.dump(copy.getParent())).isEqualTo(Map.of("owned", Map.of("user.note", "01")));
        assertThat(output.getAll()).contains("Restore " + restored.get("restoreId").asText() + " onto sftp://")
                .contains("refused to change the owner of");

        // a login that may not run commands: no extended attributes, counted, and the restore still succeeds
        Path sftpOnlyInto = Files.createTempDirectory("ssh-sftp-only-restore").resolve("into");
        JsonNode withoutCommands = restoreOnto(tenant, backupId, onboarded(tenant, SFTP_ONLY), sftpOnlyInto);
        assertThat(withoutCommands.get("status").asText()).as(withoutCommands.toString()).isEqualTo("SUCCEEDED");
        assertThat(withoutCommands.get("stats").get("xattrsNotApplied").asLong()).as(withoutCommands.toString())
                .isEqualTo(1);
        assertThat(SystemXattrs.dump(sftpOnlyInto)).isEmpty();
        assertThat(output.getAll()).contains("1 entries lack some of their extended attributes");
    }

    /**
     * Names that are not UTF-8 on the server (Latin-1 bytes, say) are bytes like any other: backed up, listed with an
     * escape per such byte (the escape of U+DCFF for 0xFF), browsed and downloaded by percent-escaping those bytes,
     * and restored over SSH as they were. Requests cannot name them (text PostgreSQL stores has no lone surrogates).
     */
    @Test
    void namesThatAreNotUtf8AreBackedUpBrowsedDownloadedAndRestoredAsTheyWere() throws Exception {
        Tenant tenant = signUp();
        String server = onboarded(tenant);
        Path data = Files.createTempDirectory("ssh-latin1");
        Shell.run("cd \"$1\" && mkdir \"$(printf 'r\\351sum\\351s')\" && printf cv > \"$(printf 'r\\351sum\\351s/cv-\\377.txt')\""
                + " && printf plain > plain.txt && ln -s \"$(printf 'r\\351sum\\351s')\" \"$(printf 'link-\\376')\"", data.toString());
        String backupId = fullBackup(tenant, server, data);
        JsonNode backup = api.get("/api/v1/backups/" + backupId, tenant.accessToken()).json();
        assertThat(backup.get("stats").get("filesFailed").asLong()).as(backup.toString()).isZero();
        assertThat(backup.get("stats").get("filesRead").asLong()).isEqualTo(2);

        JsonNode top = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data, tenant.accessToken()).json();
        assertThat(top.get("entries").findValuesAsText("name")).containsExactly("link-\uDCFE", "plain.txt", "r\uDCE9sum\uDCE9s");
        assertThat(top.get("entries").get(0).get("target").asText()).isEqualTo("r\uDCE9sum\uDCE9s");
        Api.Response inside = api.get("/api/v1/backups/" + backupId + "/tree?path=" + data + "/r%E9sum%E9s", tenant.accessToken());
        assertThat(inside.status()).as(inside.toString()).isEqualTo(200);
        assertThat(inside.json().get("entries").findValuesAsText("name")).containsExactly("cv-\uDCFF.txt");

        Path tarFile = Files.createTempFile("latin1", ".tar");
        var download = java.net.http.HttpClient.newHttpClient().send(api.builder("/api/v1/backups/" + backupId
                + "/download?path=" + data + "/r%E9sum%E9s", tenant.accessToken()).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofFile(tarFile));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(Shell.run("tar --quoting-style=literal -tf \"$1\" | LC_ALL=C sort", tarFile.toString()))
                .isEqualTo("r\u00e9sum\u00e9s/\nr\u00e9sum\u00e9s/cv-\u00ff.txt\n");

        // requests name paths as text PostgreSQL can store: such a name is restored through the directory above it
        assertProblem(api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(), Map.of("targetServerId",
                server, "targetPath", "/tmp/x", "paths", List.of(data + "/r\uDCE9sum\uDCE9s"))), 400, "INVALID_CHARACTER");
        Path into = Files.createTempDirectory("ssh-latin1-restore").resolve("into");
        JsonNode restored = restoreOnto(tenant, backupId, server, into);
        assertThat(restored.get("status").asText()).as(restored.toString()).isEqualTo("SUCCEEDED");
        String describe = "cd \"$1\" && find . -printf '%y %s %p -> %l\\n' | LC_ALL=C sort && find . -type f -exec cat {} +";
        assertThat(Shell.run(describe, into.resolve(data.toString().substring(1)).toString()))
                .isEqualTo(Shell.run(describe, data.toString())).contains("cv-\u00ff.txt");
    }

    /** A FULL backup of {@code data} from {@code server} through a new plan, checked to succeed; its id. */
    private String fullBackup(Tenant tenant, String server, Path data) {
        JsonNode full = finished(tenant, backup(tenant, pathsPlan(tenant, server, data.getFileName().toString(),
                List.of(data.toString())), "FULL"));
        assertThat(full.get("status").asText()).as(full.toString()).isEqualTo("SUCCEEDED");
        return full.get("backupId").asText();
    }

    /** The backup restored onto {@code targetServer} into {@code into}, once finished. */
    private JsonNode restoreOnto(Tenant tenant, String backupId, String targetServer, Path into) {
        return finishedRestore(tenant, api.post("/api/v1/backups/" + backupId + "/restores", tenant.accessToken(),
                Map.of("targetServerId", targetServer, "targetPath", into.toString())).text("restoreId"));
    }

    /**
     * The OpenSSH server registered for the tenant and tested, and a plan of {@link CutPlan#FILES} files of
     * 1.5 MB that do not compress (d0..d5/f&lt;i&gt;): a run over them lasts long enough to cut its connection.
     */
    private CutPlan cutPlan(Tenant tenant, String name) throws IOException {
        String server = onboarded(tenant);
        Path data = RandomFiles.write(Files.createTempDirectory("ssh-" + name), CutPlan.FILES, 1_500_000, 7,
                i -> "d" + i % 6 + "/f" + i);
        return new CutPlan(data, pathsPlan(tenant, server, name, List.of(data.toString())));
    }

    private record CutPlan(Path data, String planId) {
        static final int FILES = 120;
    }

    /** A plan with one COMMAND source storing the command's output as {@code fileName}; its id. */
    private String commandPlan(Tenant tenant, String server, String location, String command, String fileName) {
        return api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", fileName, "serverId", server,
                "sources", List.of(Map.of("type", "COMMAND", "command", command, "fileName", fileName)),
                "storageLocationId", location)).text("planId");
    }

    private String backup(Tenant tenant, String plan, String level) {
        Api.Response response = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", level));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        return response.text("backupId");
    }

    private JsonNode finished(Tenant tenant, String backupId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/backups/" + backupId, tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(r.text("status"))).json();
    }

    private JsonNode finishedRestore(Tenant tenant, String restoreId) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/api/v1/restores/" + restoreId, tenant.accessToken()),
                        r -> r.status() == 200 && List.of("SUCCEEDED", "FAILED").contains(r.text("status"))).json();
    }
}
