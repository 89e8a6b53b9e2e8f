package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.sshd.common.io.nio2.Nio2Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Connecting to real servers: host key policies, authentication, and every connect failure's code. */
class ConnectTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    @RegisterExtension
    static final MinaSshServer NO_SFTP = new MinaSshServer(false);
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @AfterAll
    static void closeConnector() {
        CONNECTOR.close();
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers outlive one test
    @MethodSource("servers")
    void trustOnFirstUseReportsTheServersFingerprintAndPinningItConnects(SshTestServer server) throws Exception {
        ClientKey key = TestKeys.newClientKey();
        server.authorize(key);
        String fp;
        try (SshConnection c = CONNECTOR.connect(server.endpoint(), key, HostKeyPolicy.trustOnFirstUse())) {
            fp = c.hostKeyFingerprint();
            assertThat(c.serverVersion()).startsWith(server.isOpenSsh() ? "SSH-2.0-OpenSSH_" : "SSH-2.0-APACHE-SSHD");
        }
        // for OpenSSH this is ssh-keygen -lf's own output, for the Ed25519 key although ECDSA is offered first
        assertThat(fp).isEqualTo(server.hostKeyFingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
        if (server instanceof OpenSshServer o) {
            assertThat(fp).isNotEqualTo(o.ecdsaHostKeyFingerprint());
        }
        try (SshConnection c = CONNECTOR.connect(server.endpoint(), key, HostKeyPolicy.pinned(fp))) {
            assertThat(c.isOpen()).isTrue();
            assertThat(c.hostKeyFingerprint()).isEqualTo(fp);
        }
    }

    /**
     * Requests wait behind Nagle's algorithm otherwise: a small request written while an earlier segment is
     * unacknowledged is held until the peer's delayed acknowledgement (tens of milliseconds). A 1 GB file read over
     * SFTP with 4 READs in flight took 22 s that way, 4.8 s with the option set.
     */
    @Test
    void connectionsSendSmallRequestsAtOnce() throws Exception {
        ClientKey key = TestKeys.newClientKey();
        OPENSSH.authorize(key);
        try (SshConnection c = CONNECTOR.connect(OPENSSH.endpoint(), key, HostKeyPolicy.pinned(OPENSSH.hostKeyFingerprint()))) {
            Nio2Session io = (Nio2Session) c.session().getIoSession();
            assertThat(io.getSocket().getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
        }
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers outlive one test
    @MethodSource("servers")
    void aChangedHostKeyFailsThePinWithBothFingerprints(SshTestServer server) throws Exception {
        ClientKey key = TestKeys.newClientKey();
        server.authorize(key);
        String before = server.hostKeyFingerprint();
        server.regenerateHostKey();
        String after = server.hostKeyFingerprint();
        assertThat(after).isNotEqualTo(before);

        HostKeyMismatchException e = catchThrowableOfType(HostKeyMismatchException.class,
                () -> CONNECTOR.connect(server.endpoint(), key, HostKeyPolicy.pinned(before)));
        assertThat(e.code()).isEqualTo(SshErrorCode.SSH_HOST_KEY_MISMATCH);
        assertThat(e.retryable()).isFalse();
        assertThat(e.expectedFingerprint()).isEqualTo(before);
        assertThat(e.presentedFingerprint()).isEqualTo(after);
        assertThat(e.getMessage()).contains(before, after);

        ConnectionTest t = CONNECTOR.testConnection(server.endpoint(), key, HostKeyPolicy.pinned(before));
        assertThat(t.ok()).isFalse();
        assertThat(t.errorCode()).isEqualTo(SshErrorCode.SSH_HOST_KEY_MISMATCH);
        assertThat(t.hostKeyFingerprint()).isEqualTo(after);
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers outlive one test
    @MethodSource("servers")
    void aKeyTheServerDoesNotKnowFailsAuthentication(SshTestServer server) throws Exception {
        server.authorize(TestKeys.newClientKey());
        ClientKey stranger = TestKeys.newClientKey();
        SshException e = catchThrowableOfType(SshException.class,
                () -> CONNECTOR.connect(server.endpoint(), stranger, HostKeyPolicy.trustOnFirstUse()));
        assertThat(e.code()).isEqualTo(SshErrorCode.SSH_AUTH_FAILED);
        assertThat(e.retryable()).isFalse();
        assertThat(e).isNotInstanceOf(HostKeyMismatchException.class);

        ConnectionTest t = CONNECTOR.testConnection(server.endpoint(), stranger, HostKeyPolicy.trustOnFirstUse());
        assertThat(t.ok()).isFalse();
        assertThat(t.errorCode()).isEqualTo(SshErrorCode.SSH_AUTH_FAILED);
        assertThat(t.hostKeyFingerprint()).isEqualTo(server.hostKeyFingerprint());
    }

    @ParameterizedTest(autoCloseArguments = false) // the servers outlive one test
    @MethodSource("servers")
    void testConnectionReportsFingerprintVersionAndHome(SshTestServer server) throws Exception {
        ClientKey key = TestKeys.newClientKey();
        server.authorize(key);
        ConnectionTest t = CONNECTOR.testConnection(server.endpoint(), key, HostKeyPolicy.trustOnFirstUse());
        assertThat(t.ok()).as(t.message()).isTrue();
        assertThat(t.errorCode()).isNull();
        assertThat(t.hostKeyFingerprint()).isEqualTo(server.hostKeyFingerprint());
        // OpenSSH starts in the login's home; MINA's native file system in the server's working directory
        assertThat(t.homeDirectory()).isEqualTo(System.getProperty(server.isOpenSsh() ? "user.home" : "user.dir"));
        assertThat(t.serverVersion()).startsWith("SSH-2.0-");
        assertThat(t.message()).contains(t.serverVersion(), t.homeDirectory());
    }

    @Test
    void aServerWithoutSftpSaysSo() throws Exception {
        ClientKey key = TestKeys.newClientKey();
        NO_SFTP.authorize(key);
        ConnectionTest t = CONNECTOR.testConnection(NO_SFTP.endpoint(), key, HostKeyPolicy.trustOnFirstUse());
        assertThat(t.ok()).isFalse();
        assertThat(t.errorCode()).isEqualTo(SshErrorCode.SSH_SFTP_UNAVAILABLE);
        assertThat(t.hostKeyFingerprint()).isEqualTo(NO_SFTP.hostKeyFingerprint());
        try (SshConnection c = CONNECTOR.connect(NO_SFTP.endpoint(), key, HostKeyPolicy.trustOnFirstUse())) {
            SshException e = catchThrowableOfType(SshException.class, c::openSource);
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_SFTP_UNAVAILABLE);
            assertThat(e.retryable()).isFalse();
            try (CommandStream s = c.exec("echo still-runs-commands")) { // the connection itself is fine
                assertThat(new String(s.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("still-runs-commands\n");
            }
        }
    }

    @Test
    void aClosedPortIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        SshException e = catchThrowableOfType(SshException.class, () -> CONNECTOR.connect(
                new SshEndpoint("127.0.0.1", port, "root"), TestKeys.newClientKey(), HostKeyPolicy.trustOnFirstUse()));
        assertThat(e.code()).isEqualTo(SshErrorCode.SSH_CONNECTION_REFUSED);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void anUnresolvableHostIsUnknown() {
        SshException e = catchThrowableOfType(SshException.class, () -> CONNECTOR.connect(
                new SshEndpoint("no-such-host.invalid", 22, "root"), TestKeys.newClientKey(),
                HostKeyPolicy.trustOnFirstUse()));
        assertThat(e.code()).isEqualTo(SshErrorCode.SSH_UNKNOWN_HOST);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
        ConnectionTest t = CONNECTOR.testConnection(new SshEndpoint("no-such-host.invalid", 22, "root"),
                TestKeys.newClientKey(), HostKeyPolicy.trustOnFirstUse());
        assertThat(t.ok()).isFalse();
        assertThat(t.errorCode()).isEqualTo(SshErrorCode.SSH_UNKNOWN_HOST);
        assertThat(t.hostKeyFingerprint()).isNull();
    }

    @Test
    void aServerThatAcceptsButNeverSpeaksTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
                SshConnector quick = new SshConnector(SshSettings.defaults().withAuthTimeout(Duration.ofSeconds(1)))) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // hold the connection, say nothing
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            long t0 = System.nanoTime();
            SshException e = catchThrowableOfType(SshException.class, () -> quick.connect(
                    new SshEndpoint("127.0.0.1", silent.getLocalPort(), "root"), TestKeys.newClientKey(),
                    HostKeyPolicy.trustOnFirstUse()));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_TIMEOUT);
            assertThat(e.retryable()).isTrue();
            assertThat(ms).isBetween(900L, 10_000L);
            silent.close();
            acceptor.join(5000);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void aConnectThatGetsNoAnswerTimesOut() throws Exception {
        // a listener whose accept queue is full drops new SYNs: the TCP connect itself hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                SshConnector quick = new SshConnector(SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(1)))) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(full.getLocalSocketAddress(), 200);
                        fillers.add(s);
                    } catch (IOException queueFull) {
                        s.close();
                        break;
                    }
                }
                long t0 = System.nanoTime();
                SshException e = catchThrowableOfType(SshException.class, () -> quick.connect(
                        new SshEndpoint("127.0.0.1", full.getLocalPort(), "root"), TestKeys.newClientKey(),
                        HostKeyPolicy.trustOnFirstUse()));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertThat(e.code()).as(e.getMessage()).isEqualTo(SshErrorCode.SSH_TIMEOUT);
                assertThat(e.getMessage()).contains("connecting");
                assertThat(ms).isBetween(900L, 5_000L);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /**
     * A network with no route: run the connect in a fresh network namespace (only a down loopback
     * interface), where any address outside it fails at once with ENETUNREACH. No packet can leave.
     */
    @Test
    void aHostWithoutARouteIsUnreachable() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder("unshare", "--net", java, "-cp", System.getProperty("java.class.path"),
                UnreachableProbe.class.getName(), "192.0.2.1", "22")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("unshare --net (root) must work here; output: %s", out).isZero();
        assertThat(out).contains("code=SSH_UNREACHABLE retryable=true");
    }

    @Test
    void badInputIsRefusedWithClearErrors() throws Exception {
        assertThatThrownBy(() -> ClientKey.fromPkcs8(new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidClientKeyException.class).hasMessageContaining("SSH_INVALID_KEY")
                .hasMessageContaining("PKCS#8");
        assertThatThrownBy(() -> ClientKey.fromPkcs8(null)).isInstanceOf(InvalidClientKeyException.class);
        byte[] rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPrivate().getEncoded();
        assertThatThrownBy(() -> ClientKey.fromPkcs8(rsa)).isInstanceOf(InvalidClientKeyException.class)
                .hasMessageContaining("expected an Ed25519 key");
        byte[] ed = TestKeys.newEd25519Pkcs8();
        byte[] truncated = java.util.Arrays.copyOf(ed, ed.length - 5);
        assertThatThrownBy(() -> ClientKey.fromPkcs8(truncated)).isInstanceOf(InvalidClientKeyException.class);

        assertThatThrownBy(() -> HostKeyPolicy.pinned("MD5:aa:bb")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA256:");
        assertThatThrownBy(() -> HostKeyPolicy.pinned(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SshEndpoint("", 22, "root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SshEndpoint("host", 0, "root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SshEndpoint("host", 65536, "root")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SshEndpoint("host", 22, "a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SshSettings.defaults().withCiphers(List.of("rot13")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rot13");
    }

    @Test
    void theClientKeysPublicLineAndFingerprintMatchSshKeygen() throws Exception {
        ClientKey key = TestKeys.newClientKey();
        String line = key.openSshPublicKey("tenant-42");
        assertThat(line).startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI").endsWith(" tenant-42");
        Path pub = java.nio.file.Files.createTempFile("strata-key", ".pub");
        try {
            java.nio.file.Files.writeString(pub, line + "\n");
            Process p = new ProcessBuilder("/usr/bin/ssh-keygen", "-l", "-E", "sha256", "-f", pub.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out.split("\\s+")[1]).isEqualTo(key.fingerprint());
        } finally {
            java.nio.file.Files.delete(pub);
        }
        assertThat(key.toString()).doesNotContain(line.split(" ")[1]);
    }

    /** Run in a child JVM (see {@link #aHostWithoutARouteIsUnreachable}): prints the connect failure's code. */
    public static final class UnreachableProbe {
        public static void main(String[] args) {
            try (SshConnector c = new SshConnector(SshSettings.defaults().withConnectTimeout(Duration.ofSeconds(5)))) {
                c.connect(new SshEndpoint(args[0], Integer.parseInt(args[1]), "root"), TestKeys.newClientKey(),
                        HostKeyPolicy.trustOnFirstUse()).close();
                System.out.println("connected?!");
            } catch (SshException e) {
                System.out.println("code=" + e.code() + " retryable=" + e.retryable() + " message=" + e.getMessage());
            }
        }
    }

}
