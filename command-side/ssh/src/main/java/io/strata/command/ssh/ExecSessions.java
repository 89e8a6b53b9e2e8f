package io.strata.command.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/**
 * Where a source's or an output's exec channels open (its tar, find and perl loops, a mknod): on the connection the
 * source or output reads or writes through while the server gives that connection more channels, and on further
 * connections of the same login when it refuses one there. A server allows a number of channels per connection
 * (OpenSSH's {@code MaxSessions}: 10 by default, 2 or 4 on many hardened servers); a source's SFTP channels may
 * already hold all of them, and a loop refused its channel would leave the source listing at SFTP's precision (whole
 * seconds, no ctime: the next backup reads every file again) and reading file by file.
 *
 * <p>A channel the server refuses (a channel open failure: the connection is up, the server said no) is asked of
 * the extra connections opened so far, newest first, then of a new one (same key, pinned to the same host key), at
 * most {@link #MAX_EXTRA_CONNECTIONS} in all, and none once a new one refused its first channel too (the server then
 * limits something other than channels per connection); past that the refusal is reported as before
 * ({@link SshErrorCode#SSH_COMMAND_FAILED}) and the caller falls back as it would on any server that runs no
 * commands. Anything else (a lost connection, a refused command) is reported at once, except that an extra
 * connection found closed is passed over. The extra connections close with this object, ending whatever still runs
 * on them; the owner closes its loops first. Thread-safe.
 */
final class ExecSessions implements AutoCloseable {
    /** Extra connections at most: every loop of a source with its defaults on a server allowing one channel each. */
    static final int MAX_EXTRA_CONNECTIONS = 5;

    /** Opens another connection of the same login, pinned to the same host key. */
    @FunctionalInterface
    interface Connector {
        ClientSession connect() throws IOException;
    }

    private final ClientSession primary;
    private final Connector connector;
    private final List<ClientSession> extra = new CopyOnWriteArrayList<>();
    /** Set when a new connection refused its first channel too: the server's limit is not per connection. */
    private volatile boolean newConnectionsRefuse;
    private boolean closed;

    private ExecSessions(ClientSession primary, Connector connector) {
        this.primary = primary;
        this.connector = connector;
    }

    /** Channels on {@code session} only: a refusal is final. */
    static ExecSessions of(ClientSession session) {
        return new ExecSessions(session, null);
    }

    /** Channels on {@code primary}, and on connections {@code connector} opens when it refuses one. */
    static ExecSessions overflowingTo(ClientSession primary, Connector connector) {
        return new ExecSessions(primary, connector);
    }

    /**
     * Opens a channel running {@code command} ({@link ExecChannel#open} on the first connection that grants one).
     *
     * @param what what is being started, for messages ("tar", "perl")
     * @param where the server, for messages
     */
    ChannelExec open(String command, OutputStream stderr, Duration timeout, String what, String where)
            throws SshException {
        SshException refused;
        try {
            return ExecChannel.open(primary, command, stderr, timeout, what, where);
        } catch (SshException e) {
            if (!channelRefused(e)) {
                throw e;
            }
            refused = e;
        }
        for (ClientSession s : extra.reversed()) {
            try {
                return ExecChannel.open(s, command, stderr, timeout, what, where);
            } catch (SshException e) {
                if (!channelRefused(e) && s.isOpen()) {
                    throw e;
                }
            }
        }
        ClientSession added = addConnection(refused);
        try {
            return ExecChannel.open(added, command, stderr, timeout, what, where);
        } catch (SshException e) {
            if (channelRefused(e)) {
                newConnectionsRefuse = true;
            }
            e.addSuppressed(refused);
            throw e;
        }
    }

    /** A new extra connection; {@code refused} (with the reason attached) when none may or can be opened. */
    private synchronized ClientSession addConnection(SshException refused) throws SshException {
        if (connector == null || closed || newConnectionsRefuse || extra.size() >= MAX_EXTRA_CONNECTIONS) {
            throw refused;
        }
        ClientSession s;
        try {
            s = connector.connect();
        } catch (IOException | RuntimeException e) {
            refused.addSuppressed(e);
            throw refused;
        }
        extra.add(s);
        return s;
    }

    /**
     * Whether opening a channel (exec or SFTP) failed because the server refused the channel itself, on a connection
     * that is still up (what OpenSSH answers past {@code MaxSessions}), rather than the command or subsystem run in it
     * or the connection.
     */
    static boolean channelRefused(SshException e) {
        return e.code() != SshErrorCode.SSH_CONNECTION_LOST && e.getCause() instanceof SshChannelOpenException;
    }

    /** Connections opened besides the first so far (tests). */
    int extraConnections() {
        return extra.size();
    }

    /** Closes the extra connections (not the first, which belongs to the caller). */
    @Override
    public synchronized void close() {
        closed = true;
        for (ClientSession s : extra) {
            s.close(false).awaitUninterruptibly(Duration.ofSeconds(5));
        }
        extra.clear();
    }
}
