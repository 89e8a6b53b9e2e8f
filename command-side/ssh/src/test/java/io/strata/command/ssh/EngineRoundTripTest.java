package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.SystemXattrs;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.StreamBackupRequest;
import io.strata.engine.crypto.ScryptParameters;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.source.ForwardingSource;
import io.strata.engine.source.ListingAhead;
import io.strata.engine.source.Source;
import io.strata.engine.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine backs up a server over SFTP into a repository and restores it to another directory
 * of the server over SFTP; the restored tree matches the original in bytes and in what SFTP
 * carries of metadata. Also a command's output stored with the engine's stream backup.
 */
class EngineRoundTripTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    /** OpenSSH's default of channels per connection. */
    @RegisterExtension
    static final OpenSshServer OPENSSH_DEFAULT_SESSIONS = OpenSshServer.withMaxSessions(10);
    /** A hardened server: 2 channels per connection, where a source wants 4 SFTP channels and 5 loops. */
    @RegisterExtension
    static final OpenSshServer OPENSSH_TWO_CHANNELS = OpenSshServer.withMaxSessions(2);
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;
    static Path tree;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA, OPENSSH_TWO_CHANNELS);
    }

    static String kind(SshTestServer server) {
        return server == OPENSSH_TWO_CHANNELS ? "openssh-two-channels" : server.isOpenSsh() ? "openssh" : "mina";
    }

    @BeforeAll
    static void setUp() throws IOException {
        tree = tmp.resolve("server-files");
        TestTree.build(tree);
        OPENSSH.authorize(KEY);
        MINA.authorize(KEY);
        OPENSSH_DEFAULT_SESSIONS.authorize(KEY);
        OPENSSH_TWO_CHANNELS.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    static Repository newRepository(Path dir) {
        return Repository.init(new LocalStorage(dir), Credentials.password("correct horse"),
                RepositoryOptions.defaults().withScrypt(ScryptParameters.TESTING));
    }

    static SshConnection connect(SshTestServer server) throws IOException {
        return CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void backsUpOverSftpAndRestoresOverSftp(SshTestServer server) throws Exception {
        String kind = kind(server);
        Path restored = tmp.resolve("restored-" + kind);
        Map<String, TestTree.Stat> before = new TreeMap<>();
        for (Path p : TestTree.walk(tree)) {
            before.put(tree.relativize(p).toString(), TestTree.stat(p));
        }
        // MINA's server reports FIFOs, sockets and devices as regular files: reading one would block
        BackupRequest request = BackupRequest.full(List.of(tree.toString()), "server-" + kind).withWorkers(8)
                .withExclude(p -> !server.isOpenSsh() && p.startsWith(tree + "/special"));
        try (Repository repo = newRepository(tmp.resolve("repo-" + kind)); SshConnection c = connect(server)) {
            BackupResult backup;
            try (SftpSource source = c.openSource()) {
                assertThat(source.recommendedWorkers()).isEqualTo(16);
                backup = new Archiver(repo, source).backup(request.withWorkers(source.recommendedWorkers()));
                assertThat(source.tarChecked()).isTrue();
                if (server == OPENSSH_TWO_CHANNELS) {
                    // as many SFTP channels as the server grants; the loops it refused ran on further connections,
                    // so the tree was still listed through find and its files read through tar
                    assertThat(source.channelCount()).isEqualTo(2);
                    assertThat(source.listsThroughFind()).isTrue();
                    assertThat(source.filesReadThroughTar()).isPositive();
                    assertThat(source.extraConnections()).isPositive();
                }
            }
            assertThat(backup.errors()).isEmpty();
            assertThat(backup.changedDuringRead()).isEmpty();
            long regularFiles = before.values().stream().filter(s -> s.type().startsWith("regular")).count();
            // the listing through the server's find shows inodes: a hard-linked file is read once for its names
            long inodes = before.values().stream().filter(s -> s.type().startsWith("regular")).map(TestTree.Stat::inode)
                    .distinct().count();
            assertThat(inodes).isLessThan(regularFiles);
            assertThat(backup.filesRead()).isEqualTo(inodes);

            // an unchanged second run reads nothing: size, mtime, ctime and inode match the parent; nor does it
            // try the server's tar (a login on the server)
            BackupResult again;
            try (SftpSource source = c.openSource()) {
                again = new Archiver(repo, source).backup(request.withParent(BackupLevel.INCREMENTAL, backup.snapshotId()));
                assertThat(source.tarChecked()).isFalse();
            }
            assertThat(again.filesRead()).isZero();
            assertThat(again.filesUnchanged()).isEqualTo(regularFiles);

            RestoreResult result;
            long xattrsNotApplied;
            try (SftpOutput out = c.openOutput(restored.toString())) {
                result = new Restorer(repo).restore(RestoreRequest.all(again.snapshotId()).withWorkers(6), out);
                xattrsNotApplied = out.xattrsNotApplied();
                if (server == OPENSSH_TWO_CHANNELS) { // the perl and the mknod ran beside the 2 SFTP channels
                    assertThat(out.extraConnections()).isPositive();
                }
            }
            // nothing fails (sockets are recorded, never recreated); the FIFO and the device, with the number the
            // server's stat gave, are made by a command
            assertThat(result.failed()).isEmpty();
            assertThat(result.filesVerified()).isEqualTo(regularFiles);
            assertThat(xattrsNotApplied).isZero();
        }

        Path copy = restored.resolve(tree.toString().substring(1));
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, TestTree.Stat> e : before.entrySet()) {
            String rel = e.getKey();
            Path p = copy.resolve(rel);
            TestTree.Stat want = e.getValue();
            // MINA's server listed them as files
            boolean made = (rel.equals("special/fifo") || rel.equals("special/null-device")) && server.isOpenSsh();
            if (rel.equals("special/null-device") && made) {
                soft.assertThat(Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).as(rel)
                        .isEqualTo(Files.getAttribute(tree.resolve(rel), "unix:rdev", LinkOption.NOFOLLOW_LINKS));
            }
            if (rel.startsWith("special") && !made) {
                if (!rel.equals("special")) {
                    soft.assertThat(Files.exists(p, LinkOption.NOFOLLOW_LINKS)).as(rel).isFalse();
                }
                continue;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                soft.fail("missing " + rel);
                continue;
            }
            TestTree.Stat got = TestTree.stat(p);
            soft.assertThat(got.type()).as(rel).isEqualTo(want.type());
            soft.assertThat(got.mode()).as(rel + " mode").isEqualTo(server.isOpenSsh() ? want.mode() : want.mode() & 0777);
            soft.assertThat(got.uid()).as(rel + " uid").isEqualTo(want.uid());
            soft.assertThat(got.gid()).as(rel + " gid").isEqualTo(want.gid());
            soft.assertThat(got.mtimeNanos()).as(rel + " mtime").isEqualTo(want.mtimeNanos());
            soft.assertThat(got.target()).as(rel + " target").isEqualTo(want.target());
            if (got.type().startsWith("regular")) {
                soft.assertThat(sha256(p)).as(rel + " content").isEqualTo(sha256(tree.resolve(rel)));
            }
        }
        // extended attributes of every namespace (a symlink's own and the backup root's among them) come back
        Map<String, Map<String, String>> xattrs = SystemXattrs.dump(tree);
        soft.assertThat(xattrs).containsKeys("", "xattrs/file", "xattrs/dir", "xattrs/link");
        soft.assertThat(SystemXattrs.dump(copy)).isEqualTo(xattrs);
        soft.assertAll();
        // the two names of a hard link come back as one file
        assertThat(Files.getAttribute(copy.resolve("links/hard-a"), "unix:nlink")).isEqualTo(2);
        assertThat(Files.isSameFile(copy.resolve("links/hard-a"), copy.resolve("small.txt"))).isTrue();
    }

    /**
     * A backup through a server allowing OpenSSH's default 10 channels per connection, listed ahead as the platform
     * does: its SFTP channels, tar loops, find loop and the attributes' perl all get a channel (one more perl or find
     * loop had one refused, and the tree was listed over SFTP at SFTP's precision), and a second backup finds only the
     * file that changed.
     */
    @Test
    void aBackupFitsInOpenSshsDefaultChannelsPerConnection() throws Exception {
        BackupRequest request = BackupRequest.full(List.of(tree.toString()), "sessions").withWorkers(16);
        try (Repository repo = newRepository(tmp.resolve("repo-sessions")); SshConnection c = connect(OPENSSH_DEFAULT_SESSIONS);
                SftpSource source = c.openSource()) {
            BackupResult first = new Archiver(repo, listedAhead(source)).backup(request);
            assertThat(first.errors()).isEmpty();
            assertThat(first.filesRead()).isPositive();
            assertThat(source.listsThroughFind()).isTrue(); // no loop was refused a channel
            int sftp = source.channelCount();
            assertThat(openChannels(c)).isEqualTo(sftp + 3 + 1 + 1); // tar loops, a find loop, the attributes' perl
            Files.writeString(tree.resolve("many/f0000"), "changed after the first backup\n");
            long throughTar = source.filesReadThroughTar();
            BackupResult again = new Archiver(repo, listedAhead(source)).backup(request.withParent(
                    BackupLevel.INCREMENTAL, first.snapshotId()));
            assertThat(again.errors()).isEmpty();
            assertThat(again.filesRead()).isEqualTo(1); // listed through find again: nothing else looks changed
            assertThat(source.listsThroughFind()).isTrue();
            assertThat(source.filesReadThroughTar()).isEqualTo(throughTar + 1);
        }
    }

    /** The source listed ahead on one thread per SFTP channel, as the platform lists it; closing it leaves the source. */
    private static Source listedAhead(SftpSource source) {
        return ListingAhead.start(new ForwardingSource(source) {
            @Override
            public void close() {
                // the test closes the source
            }
        }, List.of(tree.toString()), p -> false, 20_000, source.channelCount());
    }

    private static int openChannels(SshConnection c) {
        var connections = c.session().getService(org.apache.sshd.common.session.ConnectionService.class);
        return ((org.apache.sshd.common.session.helpers.AbstractConnectionService) connections).getChannels().size();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aCommandsOutputIsStoredAsOneFileAndAFailedCommandStoresNothing(SshTestServer server) throws Exception {
        String kind = kind(server);
        Path dump = tmp.resolve("db-" + kind + ".dump");
        Files.write(dump, TestTree.random(new java.util.Random(11), 5 * 1024 * 1024 + 1));
        try (Repository repo = newRepository(tmp.resolve("dumps-" + kind)); SshConnection c = connect(server)) {
            BackupResult stored;
            try (CommandStream out = c.exec("cat '" + dump + "'")) {
                stored = new Archiver(repo, null).backupStream(
                        StreamBackupRequest.of("/databases/app.dump", "db-" + kind), out);
            }
            assertThat(stored.bytesRead()).isEqualTo(Files.size(dump));

            RepositoryException failed;
            try (CommandStream out = c.exec("sh -c 'head -c 1000 /dev/zero; echo connection refused >&2; exit 2'")) {
                failed = catchThrowableOfType(RepositoryException.class, () -> new Archiver(repo, null)
                        .backupStream(StreamBackupRequest.of("/databases/app.dump", "db-" + kind), out));
            }
            assertThat(failed.getCause()).isInstanceOf(CommandFailedException.class);
            CommandFailedException cause = (CommandFailedException) failed.getCause();
            assertThat(cause.exitStatus()).isEqualTo(2);
            assertThat(cause.stderr()).contains("connection refused");
            assertThat(repo.snapshots()).hasSize(1); // only the good dump

            Path target = tmp.resolve("dump-restore-" + kind);
            try (SftpOutput out = c.openOutput(target.toString())) {
                RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(stored.snapshotId()), out);
                assertThat(r.failed()).isEmpty();
            }
            assertThat(sha256(target.resolve("databases/app.dump"))).isEqualTo(sha256(dump));
        }
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
