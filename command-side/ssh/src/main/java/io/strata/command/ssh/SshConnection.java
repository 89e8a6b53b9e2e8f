package io.strata.command.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.session.ClientSession;

/**
 * An authenticated SSH connection to one server. Opens SFTP sources (backups), SFTP outputs
 * (restores) and command streams (database dumps); each of those may be used while others are
 * open. Closing the connection ends everything opened from it. Thread-safe.
 */
public final class SshConnection implements AutoCloseable {
    /** How long a command may take to report its exit status after closing its stdout. */
    static final Duration COMMAND_EXIT_WAIT = Duration.ofSeconds(60);

    private final SshConnector connector;
    private final SshEndpoint endpoint;
    private final ClientKey key;
    private final ClientSession session;
    private final String fingerprint;

    SshConnection(SshConnector connector, SshEndpoint endpoint, ClientKey key, ClientSession session, String fingerprint) {
        this.connector = connector;
        this.endpoint = endpoint;
        this.key = key;
        this.session = session;
        this.fingerprint = fingerprint;
    }

    ClientSession session() {
        return session;
    }

    public SshEndpoint endpoint() {
        return endpoint;
    }

    /** The server's host key fingerprint ({@code SHA256:…}), to pin after a trust-on-first-use connect. */
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    /** The server's SSH identification, e.g. {@code SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u7}. */
    public String serverVersion() {
        return session.getServerVersion();
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    /**
     * Opens the server's files as an engine source. With {@code options.sessions() > 1} the extra
     * connections are opened with the same key and pinned to this connection's host key; they
     * close with the source. A connection gets as many SFTP channels as the server grants it, up to
     * {@code options.channelsPerSession()} (see {@link #openSftpChannels}); the source's commands run on channels
     * of this connection, or of further ones when it has none left ({@link ExecSessions}).
     */
    public SftpSource openSource(SftpSourceOptions options) throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        List<SftpChannel> channels = new ArrayList<>();
        boolean ok = false;
        try {
            for (int s = 0; s < options.sessions(); s++) {
                ClientSession cs = session;
                if (s > 0) {
                    cs = openAnother();
                    ClientSession toClose = cs;
                    owned.add(() -> toClose.close(false).awaitUninterruptibly(Duration.ofSeconds(5)));
                }
                openSftpChannels(cs, options.channelsPerSession(), channels);
            }
            ExecSessions exec = execSessions();
            owned.add(exec); // after the channels: the source closes its loops first
            SftpSource source = new SftpSource("sftp://" + endpoint, channels, owned, options, exec,
                    connector.settings().requestTimeout());
            ok = true;
            return source;
        } finally {
            if (!ok) {
                closeAll(channels, owned);
            }
        }
    }

    /** {@link #openSource(SftpSourceOptions)} with the {@link #recommendedSourceOptions()}. */
    public SftpSource openSource() throws IOException {
        return openSource(recommendedSourceOptions());
    }

    /**
     * The {@link SftpSourceOptions#defaults()}, except that tar streams are not compressed when the server is this
     * host ({@link #serverIsThisHost()}). Compressing saves network bytes at the cost of CPU on both ends (the
     * server's zstd, the decompression here). Over loopback there is no network to save and both ends share the same
     * processors, so it only costs: a backup of the Linux 6.1 tree from a loopback OpenSSH on 2 cores (on a warm JVM)
     * took 15.1-15.3 s with plain streams against 18.2 s compressed, and 29 against 35 CPU-seconds of the machine
     * ({@code command-side/ssh/bench/README.md}). A batch holding a file that is mostly holes is compressed either way
     * ({@link SftpSource#readMany}).
     */
    public SftpSourceOptions recommendedSourceOptions() {
        return SftpSourceOptions.defaults().withTarCompression(!serverIsThisHost());
    }

    /**
     * Whether the server runs on this host: the connection's peer is a loopback address or one of this host's own
     * addresses. False when the peer's address is not known (a connection not over IP).
     */
    public boolean serverIsThisHost() {
        return session.getIoSession().getRemoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null
                && ThisHost.owns(peer.getAddress());
    }

    /**
     * Opens a remote directory as a restore target, creating it (and missing parents, mode 0700)
     * if needed. A relative path is taken from the login's home directory.
     */
    public SftpOutput openOutput(String remoteRoot, SftpOutputOptions options) throws IOException {
        List<SftpChannel> channels = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        boolean ok = false;
        try {
            openSftpChannels(session, options.channels(), channels);
            String root = SftpOutput.prepareRoot(channels.getFirst(), remoteRoot);
            ExecSessions exec = execSessions();
            owned.add(exec);
            SftpOutput out = new SftpOutput("sftp://" + endpoint + root, root, channels, owned, exec,
                    connector.settings().requestTimeout(), options);
            ok = true;
            return out;
        } finally {
            if (!ok) {
                closeAll(channels, owned);
            }
        }
    }

    /**
     * Opens up to {@code wanted} SFTP channels on {@code cs} into {@code channels}: as many as the server grants. A
     * server allows some number of channels per connection (OpenSSH's {@code MaxSessions}, 10 by default, fewer on
     * hardened servers); a refused channel after the first ends the opening there, with the channels it has. A
     * refused first channel fails unless {@code channels} already holds some (from another connection).
     */
    private void openSftpChannels(ClientSession cs, int wanted, List<SftpChannel> channels) throws SshException {
        for (int c = 0; c < wanted; c++) {
            try {
                channels.add(SftpChannel.open(cs, connector.settings().requestTimeout(), endpoint.toString()));
            } catch (SshException e) {
                if (channels.isEmpty() || !ExecSessions.channelRefused(e)) {
                    throw e;
                }
                return;
            }
        }
    }

    /** Exec channels on this connection, and on further ones of the same login when the server refuses one here. */
    private ExecSessions execSessions() {
        return ExecSessions.overflowingTo(session, this::openAnother);
    }

    /** Another connection of the same login, pinned to this connection's host key. */
    private ClientSession openAnother() throws SshException {
        return connector.openSession(endpoint, key, HostKeyPolicy.pinned(fingerprint)).session();
    }

    public SftpOutput openOutput(String remoteRoot) throws IOException {
        return openOutput(remoteRoot, SftpOutputOptions.defaults());
    }

    /**
     * Runs a command (through the login's shell, as {@code ssh host command} does) on a new
     * connection of its own (same key, pinned to this connection's host key) and returns its
     * stdout; see {@link CommandStream} for how failures surface and how closing early cancels.
     */
    public CommandStream exec(String command) throws IOException {
        if (command == null || command.isBlank() || command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a command is non-blank text without NUL characters");
        }
        ClientSession own = openAnother();
        try {
            return CommandStream.start(own, ExecSessions.overflowingTo(own, this::openAnother), command,
                    connector.settings().requestTimeout(), COMMAND_EXIT_WAIT, connector.settings().commandStallTimeout(),
                    endpoint.toString());
        } catch (IOException | RuntimeException e) {
            own.close(true);
            throw e;
        }
    }

    private static void closeAll(List<SftpChannel> channels, List<AutoCloseable> owned) {
        for (SftpChannel ch : channels) {
            try {
                ch.close();
            } catch (IOException | RuntimeException ignored) {
                // already failing: the original error is reported
            }
        }
        for (AutoCloseable a : owned) {
            try {
                a.close();
            } catch (Exception ignored) {
                // as above
            }
        }
    }

    @Override
    public void close() {
        session.close(false).awaitUninterruptibly(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "SshConnection[" + endpoint + " " + fingerprint + "]";
    }
}
