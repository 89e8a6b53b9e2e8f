package io.strata.command.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * The standard output of a remote command as an {@link InputStream}, for the engine to store as
 * one file (e.g. {@code Archiver.backupStream}) without temporary files. Reading applies back
 * pressure: the server sends no more than the SSH window while the reader is busy.
 *
 * <p>The end of stdout is accepted only if the command then exits with status 0 and wrote at
 * least one byte; otherwise the read that reaches the end throws {@link CommandFailedException}
 * with the exit status (or signal) and the last {@value #STDERR_LIMIT} bytes of stderr, so a
 * truncated or failed dump is never stored as complete. Stderr is collected all along (it shares
 * the channel's window with stdout, so leaving it unread could stall the command).
 *
 * <p>Each command runs on an SSH connection of its own, opened with the same key and pinned host
 * key. The login's shell (a POSIX one: sh, bash, dash, ksh, zsh) first writes its process id to
 * stderr behind a random marker, which is taken out of what stderr shows. {@link #close} before the
 * end cancels: the command's process group (sshd makes the shell a session and group leader) is
 * sent SIGTERM with {@code kill} on a second channel (of another connection where the server allows one channel per
 * connection), the command itself the SSH "signal" request
 * (OpenSSH 7.9+ honours it for non-root logins only), and its connection is closed, which makes
 * sshd close the command's pipes, so whatever is left ends at its next write (SIGPIPE). Closing
 * only the channel would not do: OpenSSH keeps a command running, its output unread, while the
 * connection lives; and a command that never writes again (stuck on a lock) would outlive it.
 *
 * <p>A command whose stdout stays silent for the stall timeout is stopped the same way and the
 * read fails with {@link CommandFailedException.Reason#STALLED}: a dump stuck on a lock or a hung
 * file system must not hold a backup (and its worker slot) forever.
 *
 * <p>Messages name only the command's first word, never its arguments, which may hold secrets.
 */
public final class CommandStream extends InputStream {
    /** Bytes of stderr kept (the last ones). */
    public static final int STDERR_LIMIT = 64 * 1024;
    /** How long stopping a command waits for the channel that kills its process group. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(3);

    private final ChannelExec channel;
    private final ClientSession session;
    /** Where the kill that stops the command opens its channel: the session, or another when it has none left. */
    private final ExecSessions killers;
    private final String program;
    private final InputStream out;
    private final ProcessIdLine stderr;
    private final Duration exitWait;
    private long bytes;
    private boolean ended;
    private CommandFailedException failure;
    private Integer exitStatus;

    private CommandStream(ChannelExec channel, ClientSession session, ExecSessions killers, String program,
            InputStream out, ProcessIdLine stderr, Duration exitWait) {
        this.channel = channel;
        this.session = session;
        this.killers = killers;
        this.program = program;
        this.out = out;
        this.stderr = stderr;
        this.exitWait = exitWait;
    }

    /**
     * Runs the command on a session of its own, which the stream closes when it ends. {@code killers} opens the
     * channel that stops the command's process group on cancel: on that session, or on another connection when the
     * server allows it no second channel (closed with the stream).
     *
     * @param timeout longest wait for the channel to open
     * @param exitWait longest wait for the exit status once stdout has ended
     * @param stallTimeout longest silence of stdout before the command is stopped
     */
    static CommandStream start(ClientSession session, ExecSessions killers, String command, Duration timeout,
            Duration exitWait, Duration stallTimeout, String where) throws IOException {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("empty command");
        }
        if (command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("command contains a NUL character");
        }
        String program = command.strip().split("\\s+", 2)[0];
        String marker = RandomMarker.of("strata-pid-");
        ProcessIdLine err = new ProcessIdLine(marker, new Tail(STDERR_LIMIT));
        ChannelExec ch = ExecChannel.open(session, "printf '%s %s\\n' " + marker + " $$ >&2; " + command, err, timeout,
                "a command", where);
        try {
            ch.getInvertedIn().close(); // EOF on the command's stdin
        } catch (IOException e) {
            ch.close(true);
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "cannot run a command on " + where + ": "
                    + e.getMessage(), e);
        }
        return new CommandStream(ch, session, killers, program,
                new StallDetectingStream(ch.getInvertedOut(), stallTimeout, program + " on " + where), err, exitWait);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (ended) {
            if (failure != null) {
                throw failure;
            }
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n;
        try {
            n = out.read(b, off, len);
        } catch (IOException e) {
            ended = true;
            if (e instanceof SshException stalled && stalled.code() == SshErrorCode.SSH_TIMEOUT) {
                stop();
                failure = new CommandFailedException(program, CommandFailedException.Reason.STALLED, null, null,
                        stderr.text(), bytes);
            }
            channel.close(true);
            closeConnections(true); // sshd then drops the command's pipes: it ends at its next write
            if (failure != null) {
                throw failure;
            }
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "reading the output of " + program + " failed: "
                    + e.getMessage(), e);
        }
        if (n > 0) {
            bytes += n;
            return n;
        }
        if (n == 0) {
            return 0;
        }
        ended = true;
        finish();
        return -1;
    }

    private void finish() throws IOException {
        channel.waitFor(
                EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL, ClientChannelEvent.CLOSED),
                exitWait.toMillis());
        if (Thread.interrupted()) {
            channel.close(true);
            throw new InterruptedIOException("interrupted waiting for " + program + " to exit");
        }
        Integer status = channel.getExitStatus();
        String signal = channel.getExitSignal();
        boolean connected = session.isOpen();
        channel.close(false);
        closeConnections(false);
        exitStatus = status;
        CommandFailedException.Reason reason = null;
        if (signal != null) {
            reason = CommandFailedException.Reason.SIGNAL;
        } else if (status == null && bytes == 0 && connected && stderr.processId() == null) {
            reason = CommandFailedException.Reason.NOT_STARTED; // the shell prints its process id before anything
        } else if (status == null) {
            reason = CommandFailedException.Reason.NO_EXIT_STATUS;
        } else if (status != 0) {
            reason = CommandFailedException.Reason.EXIT_STATUS;
        } else if (bytes == 0) {
            reason = CommandFailedException.Reason.EMPTY_OUTPUT;
        }
        if (reason != null) {
            failure = new CommandFailedException(program, reason, status, signal, stderr.text(), bytes);
            throw failure;
        }
    }

    /** Closes the command's connection ({@code immediately}: without a graceful close) and any the kill opened. */
    private void closeConnections(boolean immediately) {
        session.close(immediately);
        killers.close();
    }

    /**
     * Sends SIGTERM to the command: to its process group with {@code kill} on a second channel of its
     * connection (or of another one of the same login, on a server allowing one channel per connection:
     * {@link #killers}), when its shell told its process id, and to the command through the SSH "signal"
     * request. Best effort, within a few seconds: callers close the connection next anyway.
     */
    private void stop() {
        signal(channel, "TERM");
        Integer pid = stderr.processId();
        if (pid == null || !session.isOpen()) {
            return;
        }
        try {
            ChannelExec kill = killers.open("kill -TERM -" + pid + " 2>/dev/null", OutputStream.nullOutputStream(),
                    KILL_WAIT, "kill", "the server of " + program);
            try {
                kill.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), KILL_WAIT);
            } finally {
                kill.close(true);
            }
        } catch (IOException | RuntimeException ignored) {
            // the connection is closed next, which ends the command at its next write
        }
    }

    /**
     * Sends a signal to a command (the SSH "signal" request, no reply wanted), if its channel is
     * still open; OpenSSH 7.9+ delivers it to the command's process group for non-root logins.
     * Best effort: callers close the channel next anyway.
     */
    static void signal(ChannelExec channel, String name) {
        if (!channel.isOpen() || channel.isClosing()) {
            return;
        }
        try {
            Buffer b = channel.getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            b.putUInt(channel.getRecipient());
            b.putString("signal");
            b.putBoolean(false); // no reply wanted
            b.putString(name);
            channel.writePacket(b);
        } catch (IOException | RuntimeException ignored) {
            // the channel is closed next anyway
        }
    }

    /** The exit status once stdout has ended, else null. */
    public synchronized Integer exitStatus() {
        return exitStatus;
    }

    /** What the command wrote to stderr so far (the last {@value #STDERR_LIMIT} bytes). */
    public String stderr() {
        return stderr.text();
    }

    /** Bytes of stdout read so far. */
    public synchronized long bytesRead() {
        return bytes;
    }

    /**
     * Ends the stream. Before the end of stdout this cancels the command: it is sent SIGTERM (the
     * SSH "signal" request, which OpenSSH 7.9+ delivers to the command's process group) and the
     * channel is closed at once.
     */
    @Override
    public void close() throws IOException {
        boolean cancel;
        synchronized (this) {
            cancel = !ended;
        }
        if (cancel) {
            stop();
        }
        channel.close(true);
        closeConnections(true); // ends what the signal could not: sshd drops the command's pipes
        synchronized (this) {
            ended = true;
        }
    }

    /**
     * The command's stderr without the line where its shell tells its process id (the marker and the id);
     * lines before it (a login script's messages) pass through. Written by MINA's I/O threads.
     */
    static final class ProcessIdLine extends OutputStream {
        /** Bytes searched for the marker line before giving up on it. */
        private static final int SEARCH_LIMIT = 64 * 1024;
        private final byte[] prefix;
        private final Tail tail;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private long searched;
        private boolean found;
        private volatile Integer processId;

        ProcessIdLine(String marker, Tail tail) {
            this.prefix = (marker + " ").getBytes(StandardCharsets.US_ASCII);
            this.tail = tail;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int end = off + len;
            while (off < end && !found && searched < SEARCH_LIMIT) {
                byte c = b[off++];
                searched++;
                if (c != '\n') {
                    line.write(c);
                    continue;
                }
                byte[] l = line.toByteArray();
                line.reset();
                if (startsWithMarker(l)) {
                    found = true;
                    processId = parse(new String(l, prefix.length, l.length - prefix.length, StandardCharsets.US_ASCII));
                } else {
                    tail.write(l, 0, l.length);
                    tail.write('\n');
                }
            }
            if (off < end || found || searched >= SEARCH_LIMIT) {
                if (line.size() > 0) { // the search ended inside a line: it is the command's
                    byte[] l = line.toByteArray();
                    line.reset();
                    tail.write(l, 0, l.length);
                }
                tail.write(b, off, end - off);
            }
        }

        private boolean startsWithMarker(byte[] l) {
            return l.length > prefix.length && Arrays.equals(l, 0, prefix.length, prefix, 0, prefix.length);
        }

        private static Integer parse(String digits) {
            try {
                int pid = Integer.parseInt(digits.strip());
                return pid > 1 ? pid : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }

        /** The shell's process id (its process group's), once told; else null. */
        Integer processId() {
            return processId;
        }

        /** What the command wrote to stderr, as {@link Tail#text}. */
        synchronized String text() {
            return line.size() == 0 ? tail.text() : tail.text() + line.toString(StandardCharsets.UTF_8);
        }
    }

    /** Keeps the last {@code limit} bytes written. Written by MINA's I/O threads, read by the caller. */
    static final class Tail extends OutputStream {
        private final byte[] ring;
        private long written;

        Tail(int limit) {
            ring = new byte[limit];
        }

        @Override
        public synchronized void write(int b) {
            ring[(int) (written++ % ring.length)] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (len >= ring.length) {
                off += len - ring.length;
                written += len - ring.length;
                len = ring.length;
            }
            for (int i = 0; i < len; ) {
                int pos = (int) (written % ring.length);
                int n = Math.min(len - i, ring.length - pos);
                System.arraycopy(b, off + i, ring, pos, n);
                i += n;
                written += n;
            }
        }

        synchronized String text() {
            int size = (int) Math.min(written, ring.length);
            byte[] out = new byte[size];
            int start = (int) ((written - size) % ring.length);
            int first = Math.min(size, ring.length - start);
            System.arraycopy(ring, start, out, 0, first);
            System.arraycopy(ring, 0, out, first, size - first);
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
