package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Command output streams against real servers: exact bytes, and every way a command can fail. */
class CommandStreamTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    @RegisterExtension
    static final MinaSshServer SFTP_ONLY = MinaSshServer.sftpOnly();
    /** A hardened server: one channel per connection. */
    @RegisterExtension
    static final OpenSshServer ONE_CHANNEL = OpenSshServer.withMaxSessions(1);
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    /** Stops a command silent for 1 s. */
    static final SshConnector STALLING = new SshConnector(SshSettings.defaults().withCommandStallTimeout(Duration.ofSeconds(1)));
    /**
     * A longer stall timeout for commands that must not be stopped: the clock starts with the exec, so it also
     * covers the login shell's start, which takes most of a second on a loaded 2-core machine.
     */
    static final SshConnector PATIENT = new SshConnector(SshSettings.defaults().withCommandStallTimeout(Duration.ofSeconds(2)));
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @BeforeAll
    static void authorize() throws IOException {
        OPENSSH.authorize(KEY);
        MINA.authorize(KEY);
        SFTP_ONLY.authorize(KEY);
        ONE_CHANNEL.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
        STALLING.close();
        PATIENT.close();
    }

    static SshConnection connect(SshTestServer server) throws IOException {
        return connect(CONNECTOR, server);
    }

    static SshConnection connect(SshConnector connector, SshTestServer server) throws IOException {
        return connector.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void printfOutputRoundTripsByteForByte(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server); CommandStream s = c.exec("printf 'line 1\\nline 2\\n\\000\\001\\377end'")) {
            byte[] got = s.readAllBytes();
            assertThat(got).isEqualTo("line 1\nline 2\n\0\u0001\u00ffend".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(s.exitStatus()).isZero();
            assertThat(s.bytesRead()).isEqualTo(got.length);
            assertThat(s.read()).isEqualTo(-1); // stays at the end
        }
    }

    /**
     * Exec channels (commands, tar streams, listing loops) and SFTP channels grant the server the connector's window,
     * 2 MiB by default: a larger one makes OpenSSH's sshd spend its CPU moving what it buffers (see
     * {@link SshSettings#windowSize()}). Seen from MINA's server, as each command and SFTP subsystem starts.
     */
    @Test
    void everyChannelGrantsTheConnectorsWindowTwoMebibytesByDefault() throws Exception {
        long window = 1L << 20;
        try (SshConnector connector = new SshConnector(SshSettings.defaults().withWindowSize(window));
                SshConnection c = connect(connector, MINA)) {
            try (CommandStream s = c.exec("printf x")) {
                assertThat(s.readAllBytes()).hasSize(1);
            }
            c.openOutput(tmp.resolve("windows").toString()).close();
        }
        assertThat(MINA.commandWindows()).contains(window);
        assertThat(MINA.sftpWindows()).contains(window);

        long byDefault = SshSettings.defaults().windowSize();
        assertThat(byDefault).isEqualTo(2L << 20);
        try (SshConnection c = connect(MINA); CommandStream s = c.exec("printf x")) {
            assertThat(s.readAllBytes()).hasSize(1);
            c.openOutput(tmp.resolve("windows-by-default").toString()).close();
        }
        assertThat(MINA.commandWindows()).contains(byDefault).allMatch(w -> w <= byDefault);
        assertThat(MINA.sftpWindows()).contains(byDefault).allMatch(w -> w <= byDefault);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aLargeOutputReadSlowlyArrivesWhole(SshTestServer server) throws Exception {
        Path big = tmp.resolve("dump-" + server.isOpenSsh() + ".bin");
        Files.write(big, TestTree.random(new java.util.Random(9), 24 * 1024 * 1024 + 7));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        // a megabyte of stderr first: it shares the channel window and must not stall stdout
        try (SshConnection c = connect(server);
                CommandStream s = c.exec("head -c 1048576 /dev/zero >&2; cat '" + big + "'")) {
            byte[] buf = new byte[100_000];
            long total = 0;
            for (int n, i = 0; (n = s.read(buf, 0, buf.length)) >= 0; i++) {
                md.update(buf, 0, n);
                total += n;
                if (i % 50 == 0) {
                    Thread.sleep(5); // a slow consumer: the server must wait, not drop data
                }
            }
            assertThat(total).isEqualTo(Files.size(big));
            assertThat(s.exitStatus()).isZero();
        }
        assertThat(HexFormat.of().formatHex(md.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(big))));
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aFailingCommandRaisesItsExitStatusAndStderr(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server); CommandStream s = c.exec("sh -c 'echo partial; echo oops >&2; exit 3'")) {
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::readAllBytes);
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.EXIT_STATUS);
            assertThat(e.exitStatus()).isEqualTo(3);
            assertThat(e.stderr()).isEqualTo("oops\n");
            assertThat(e.bytesRead()).isEqualTo("partial\n".length());
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("exited with status 3", "oops").startsWith("SSH_COMMAND_FAILED: remote command sh ");
            assertThat(e.getMessage()).doesNotContain("exit 3'"); // arguments may hold secrets: not in messages
            // reading again repeats the failure rather than pretending the stream ended cleanly
            assertThatThrownBy(s::read).isSameAs(e);
        }
    }

    @Test
    void aServerThatRefusesToRunCommandsFailsTheCommand() throws Exception {
        try (SshConnection c = connect(SFTP_ONLY); CommandStream s = c.exec("echo never")) {
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::readAllBytes);
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.NOT_STARTED);
            assertThat(e.retryable()).as("another attempt would be refused the same way").isFalse();
            assertThat(e.getMessage()).contains("was not run", "SFTP-only");
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void anEmptyOutputIsAFailure(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server); CommandStream s = c.exec("true")) {
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::readAllBytes);
            assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.EMPTY_OUTPUT);
            assertThat(e.exitStatus()).isZero();
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void stderrIsKeptBoundedToItsEnd(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server);
                CommandStream s = c.exec("sh -c 'head -c 300000 /dev/zero | tr \"\\\\0\" x >&2; echo THE-END >&2; exit 1'")) {
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::readAllBytes);
            assertThat(e.stderr()).hasSize(CommandStream.STDERR_LIMIT).endsWith("xxxTHE-END\n");
            assertThat(e.getMessage().length()).isLessThan(1000);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aKilledCommandIsAFailure(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server); CommandStream s = c.exec("sh -c 'echo started; kill -KILL $$'")) {
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::readAllBytes);
            if (server.isOpenSsh()) {
                assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.SIGNAL); // exit-signal "KILL"
                assertThat(e.signal()).isEqualTo("KILL");
                assertThat(e.retryable()).isTrue();
            } else {
                // MINA's server reports the shell's view of a killed child: status 128 + 9
                assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.EXIT_STATUS);
                assertThat(e.exitStatus()).isEqualTo(137);
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void closingEarlyCancelsTheCommand(SshTestServer server) throws Exception {
        String marker = "strata-cancel-" + UUID.randomUUID();
        try (SshConnection c = connect(server)) {
            CommandStream s = c.exec("exec yes " + marker);
            byte[] buf = new byte[65536];
            assertThat(s.read(buf)).isPositive();
            assertThat(pgrep(marker)).as("the command runs").isTrue();
            long t0 = System.nanoTime();
            s.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5000);
            assertThat(s.read(buf)).isEqualTo(-1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pgrep(marker) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(pgrep(marker)).as("the command ended").isFalse();
            // the connection is still usable
            try (CommandStream again = c.exec("echo ok")) {
                assertThat(new String(again.readAllBytes())).isEqualTo("ok\n");
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aCommandSilentForTheStallTimeoutIsStoppedAndFails(SshTestServer server) throws Exception {
        try (SshConnection c = connect(STALLING, server);
                CommandStream s = c.exec("sh -c 'printf begun; echo waiting for a lock >&2; sleep 60; printf never'")) {
            byte[] begun = s.readNBytes(5);
            assertThat(new String(begun, StandardCharsets.US_ASCII)).isEqualTo("begun");
            long t0 = System.nanoTime();
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::read);
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.STALLED);
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_COMMAND_FAILED);
            assertThat(e.retryable()).isFalse();
            assertThat(e.bytesRead()).isEqualTo(5);
            assertThat(e.getMessage()).contains("wrote nothing for the stall timeout after 5 bytes", "waiting for a lock");
            assertThat(waited).isBetween(900L, 10_000L);
            assertThatThrownBy(s::read).isSameAs(e); // the stream stays failed
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aSlowCommandThatKeepsWritingIsNotStopped(SshTestServer server) throws Exception {
        // silent for 0.4 s at a time, seven times: 2.8 s in all, longer than the 2 s stall timeout
        try (SshConnection c = connect(PATIENT, server);
                CommandStream s = c.exec("sh -c 'for i in 1 2 3 4 5 6 7; do sleep 0.4; printf $i; done'")) {
            assertThat(new String(s.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("1234567");
            assertThat(s.exitStatus()).isZero();
        }
    }

    @Test
    void aSilentCommandIsStoppedWithItsWholeProcessGroupWhenCancelledOrStalledEvenAsRootAndAlone() throws Exception {
        // sshd delivers no "signal" request to a root login's command, and closing the connection only ends a
        // command at its next write: a child that writes nothing (a dump waiting on a lock) needs its group killed
        cancelSilentCommand(OPENSSH, "4242." + System.nanoTime() % 1_000_000);
        // a server allowing one channel per connection: the kill runs on another connection of the login
        cancelSilentCommand(ONE_CHANNEL, "4444." + System.nanoTime() % 1_000_000);
        String stalled = "4343." + System.nanoTime() % 1_000_000;
        try (SshConnection c = connect(STALLING, OPENSSH);
                CommandStream s = c.exec("sh -c 'printf begun; echo waiting >&2; sleep " + stalled + "'")) {
            assertThat(new String(s.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("begun");
            CommandFailedException e = catchThrowableOfType(CommandFailedException.class, s::read);
            assertThat(e.reason()).isEqualTo(CommandFailedException.Reason.STALLED);
            assertThat(e.stderr()).as("the shell's process id line is not the command's stderr").isEqualTo("waiting\n");
            awaitGone("sleep " + stalled);
        }
    }

    /** Runs a command that writes once and then sleeps {@code seconds} (its mark), cancels it, and sees it gone. */
    private static void cancelSilentCommand(SshTestServer server, String seconds) throws Exception {
        try (SshConnection c = connect(server);
                CommandStream s = c.exec("sh -c 'printf begun; sleep " + seconds + "; printf never'")) {
            assertThat(new String(s.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("begun");
            assertThat(pgrep("sleep " + seconds)).as("the command runs").isTrue();
            s.close();
            awaitGone("sleep " + seconds);
        }
    }

    private static void awaitGone(String pattern) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pgrep(pattern) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(pgrep(pattern)).as(pattern + " ended").isFalse();
    }

    @Test
    void theShellsProcessIdLineIsTakenOutOfStderrWhereverItsBytesFall() {
        CommandStream.ProcessIdLine err = new CommandStream.ProcessIdLine("m-1", new CommandStream.Tail(1024));
        byte[] all = "login script says hi\nm-1 4711\nreal error\n".getBytes(StandardCharsets.US_ASCII);
        for (byte b : all) { // one byte at a time: every boundary
            err.write(new byte[] {b}, 0, 1);
        }
        assertThat(err.processId()).isEqualTo(4711);
        assertThat(err.text()).isEqualTo("login script says hi\nreal error\n");

        CommandStream.ProcessIdLine none = new CommandStream.ProcessIdLine("m-2", new CommandStream.Tail(1024));
        none.write("m-1 4711\npartial".getBytes(StandardCharsets.US_ASCII), 0, 16);
        assertThat(none.processId()).as("another marker is the command's own output").isNull();
        assertThat(none.text()).isEqualTo("m-1 4711\npartial");
    }

    static boolean pgrep(String pattern) throws Exception {
        Process p = new ProcessBuilder("pgrep", "-f", pattern).start();
        try (InputStream in = p.getInputStream()) {
            in.readAllBytes();
        }
        return p.waitFor() == 0;
    }
}
