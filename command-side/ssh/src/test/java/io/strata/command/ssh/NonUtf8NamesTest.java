package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.Shell;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.repository.Repository;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Linux names are bytes: a server may hold names that are not UTF-8 (files from a Latin-1 era, archives unpacked
 * as they were). They are backed up and restored over SSH byte for byte, whichever way the server is listed and
 * read. The test JVM cannot name such files itself, so the shell makes and compares them.
 */
class NonUtf8NamesTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;
    static Path tree;

    /** Made by the shell: printf's octal escapes are bytes, \377 and \376 never appear in UTF-8. */
    private static final String MAKE_TREE = String.join("; ",
            "set -e",
            "cd \"$1\"",
            "printf small > \"$(printf 'bad\\377\\376name')\"",
            "head -c 3000000 /dev/urandom > \"$(printf 'big-\\351t\\351.bin')\"", // Latin-1 "été", over SFTP
            "mkdir \"$(printf 'dir-\\377')\"",
            "printf inside > \"$(printf 'dir-\\377/f\\300\\200')\"", // an overlong encoding of NUL
            "printf ok > \"$(printf 'caf\\303\\251')\"", // valid UTF-8, for contrast
            "ln -s \"$(printf 'target-\\376')\" \"$(printf 'link-\\377')\"");

    static Stream<SftpSourceOptions> readings() {
        return Stream.of(SftpSourceOptions.defaults(), // find listing, small files through tar
                SftpSourceOptions.defaults().withFindListing(false).withTarStreams(0)); // SFTP alone
    }

    @BeforeAll
    static void setUp() throws Exception {
        tree = tmp.resolve("server-files");
        Files.createDirectories(tree);
        Shell.run(MAKE_TREE, tree.toString());
        OPENSSH.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    @ParameterizedTest
    @MethodSource("readings")
    void namesThatAreNotUtf8AreBackedUpAndRestoredByteForByte(SftpSourceOptions options) throws Exception {
        Path restored = Files.createTempDirectory(tmp, "restored-");
        try (Repository repo = EngineRoundTripTest.newRepository(Files.createTempDirectory(tmp, "repo-"));
             SshConnection c = CONNECTOR.connect(OPENSSH.endpoint(), KEY, HostKeyPolicy.pinned(OPENSSH.hostKeyFingerprint()))) {
            BackupResult backup;
            try (SftpSource source = c.openSource(options)) {
                backup = new Archiver(repo, source).backup(BackupRequest.full(List.of(tree.toString()), "latin1")
                        .withWorkers(source.recommendedWorkers()));
            }
            assertThat(backup.errors()).isEmpty();
            assertThat(backup.filesRead()).isEqualTo(4);

            RestoreResult result;
            try (SftpOutput out = c.openOutput(restored.toString())) {
                result = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(8), out);
            }
            assertThat(result.failed()).isEmpty();
            assertThat(result.filesVerified()).isEqualTo(4);
        }
        Path copy = restored.resolve(tree.toString().substring(1));
        assertThat(describe(copy)).isEqualTo(describe(tree)).contains("bad\u00ff\u00fename", "link-\u00ff -> target-\u00fe");
    }

    /** Every entry's type, size, name bytes (as Latin-1 text), link target and content hash, sorted. */
    private static String describe(Path dir) throws Exception {
        return Shell.run("cd \"$1\" && find . -mindepth 1 -printf '%y %s %p -> %l\\n' | LC_ALL=C sort"
                + " && find . -type f -exec sha256sum {} + | LC_ALL=C sort", dir.toString());
    }
}
