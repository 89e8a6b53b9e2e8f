package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A connection cut by the server mid-work fails every use with a retryable SSH_CONNECTION_LOST. */
class ConnectionLossTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;
    static Path big;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @BeforeAll
    static void setUp() throws IOException {
        big = tmp.resolve("big.bin");
        Files.write(big, TestTree.random(new java.util.Random(5), 64 * 1024 * 1024));
        OPENSSH.authorize(KEY);
        MINA.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void sourceAndOutputFailWithConnectionLost(SshTestServer server) throws Exception {
        try (SshConnection c = CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
                SftpSource source = c.openSource(SftpSourceOptions.defaults().withReadAheadPerFile(2));
                SftpOutput out = c.openOutput(tmp.resolve("out-" + server.isOpenSsh()).toString())) {
            ReadableByteChannel ch = source.open(big.toString());
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            assertThat(ch.read(buf)).isPositive();
            server.dropConnections();
            SshException e = catchThrowableOfType(SshException.class, () -> {
                while (ch.read(buf.clear()) >= 0) {
                    // read until the loss shows
                }
            });
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_CONNECTION_LOST);
            assertThat(e.retryable()).isTrue();
            ch.close();
            assertThat(catchThrowableOfType(SshException.class, () -> source.list(tmp.toString())).code())
                    .isEqualTo(SshErrorCode.SSH_CONNECTION_LOST);
            assertThat(catchThrowableOfType(SshException.class, () -> source.stat(big.toString())).code())
                    .isEqualTo(SshErrorCode.SSH_CONNECTION_LOST);
            assertThat(catchThrowableOfType(SshException.class, () -> out.createDirectory("/x")).code())
                    .isEqualTo(SshErrorCode.SSH_CONNECTION_LOST);
            assertThat(c.isOpen()).isFalse();
        }
        // the server still takes new connections
        try (SshConnection again = CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
                SftpSource source = again.openSource()) {
            assertThat(source.stat(big.toString()).size()).isEqualTo(Files.size(big));
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aCommandCutOffIsNotTakenForAComplete(SshTestServer server) throws Exception {
        try (SshConnection c = CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
                CommandStream s = c.exec("cat '" + big + "'")) {
            byte[] buf = new byte[64 * 1024];
            assertThat(s.read(buf)).isPositive();
            server.dropConnections();
            SshException e = catchThrowableOfType(SshException.class, () -> {
                while (s.read(buf) >= 0) {
                    // drain what arrived before the cut
                }
            });
            // either the read itself broke or the end came without an exit status
            assertThat(e.code()).isIn(SshErrorCode.SSH_CONNECTION_LOST, SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(e.retryable()).isTrue();
            if (e instanceof CommandFailedException f) {
                assertThat(f.reason()).isEqualTo(CommandFailedException.Reason.NO_EXIT_STATUS);
            }
            assertThat(s.bytesRead()).isLessThan(Files.size(big));
        }
    }
}
