package io.strata.command.ssh;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.sshd.client.channel.ChannelExec;

/**
 * The server's tar run once per batch by one long-lived shell loop on one exec channel, so a
 * stream of batches pays for a login once: each exec costs the server a session process and a
 * login shell with its start-up files (0.1–0.2 CPU-seconds where they set up pyenv, nvm or conda;
 * with 40 batches in a backup of the Linux source tree that was 4–5 s of a 22 s job on 2 cores).
 *
 * <p>Protocol, per batch: we write the number of paths, a newline and the paths, each ended by NUL; a loop
 * started with a compressor takes the number followed by {@code z} (compress this batch) or {@code p} (plain).
 * The loop (POSIX {@code sh}) hands exactly that many to tar through {@code head -z}, pipes the
 * archive through the compressor when asked, then writes tar's exit status as a decimal line
 * on stdout and a line with this loop's random marker on stderr. The archive's end is found from
 * its own structure, so the status line is read right after it: a compressed archive is one zstd
 * frame ({@link ZstdFrameStream}); a plain one ends with tar's end-of-archive blocks, padded with
 * zeros to a whole record ({@link #RECORD} bytes with {@code -b 64}). Tar's messages for the batch
 * are what stderr carried before the marker. The next batch is written only once a batch is over,
 * so {@code head} never reads past its own list.
 *
 * <p>Needs GNU {@code head} with {@code -z} (coreutils 8.25+) and, when compressing, a compressor
 * that writes one zstd frame ({@code zstd}); {@link RemoteTar#works} checks by running a batch. The script is
 * one line in single quotes without single quotes or {@code !} inside, which login shells (POSIX
 * ones, csh, fish) hand to {@code sh} unchanged; the tests run it under bash (OpenSSH) and dash
 * (MINA's server).
 */
final class TarLoop implements AutoCloseable {
    private static final int STATUS_LINE_LIMIT = 16;
    /** Tar's record: {@code -b 64} blocks of 512 bytes; a plain archive is padded to whole records. */
    static final int RECORD = 64 * TarReader.BLOCK;

    private final ChannelExec channel;
    private final MarkedStderr stderr;
    private final StallDetectingStream stdout;
    private final OutputStream stdin;
    private final Duration timeout;
    private final String where;
    /** Whether the loop was started with a compressor, so that each batch may be compressed or plain. */
    private final boolean canCompress;

    private TarLoop(ChannelExec channel, MarkedStderr stderr, Duration timeout, String where, boolean canCompress)
            throws IOException {
        this.channel = channel;
        this.stderr = stderr;
        this.timeout = timeout;
        this.where = where;
        this.canCompress = canCompress;
        this.stdout = new StallDetectingStream(channel.getInvertedOut(), timeout, "tar on " + where);
        this.stdin = channel.getInvertedIn();
    }

    /**
     * The command that runs the loop: {@code tar} is the archiving command (without its locale),
     * {@code compressor} the command a batch's archive goes through when the batch asks, or null for
     * plain archives only.
     */
    static String command(String tar, String compressor, String marker) {
        String plain = "{ head -z -n \"$n\" | " + tar + " 2>&4 >&5; echo $?; }";
        String batch = compressor == null
                ? "IFS= read -r n; do st=$( " + plain + " );"
                : "read -r n c; do if [ \"$c\" = z ]; then st=$( { { head -z -n \"$n\" | " + tar
                        + " 2>&4; echo $? >&3; } | " + compressor + " >&5; } 3>&1 ); else st=$( " + plain + " ); fi;";
        String script = "while " + batch + " printf \"%s\\n\" \"$st\" >&5;"
                + " printf \"\\n%s\\n\" " + marker + " >&2; done 4>&2 5>&1";
        if (script.indexOf('\'') >= 0 || script.indexOf('!') >= 0 || script.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the tar loop's commands may not contain ', ! or a newline");
        }
        return "exec env LC_ALL=C sh -c '" + script + "'";
    }

    /** Starts the loop on a new exec channel ({@link ExecSessions}). */
    static TarLoop start(ExecSessions sessions, String tar, String compressor, Duration timeout, String where)
            throws IOException {
        String marker = RandomMarker.of("strata-tar-end-");
        MarkedStderr err = new MarkedStderr(("\n" + marker + "\n").getBytes(StandardCharsets.US_ASCII));
        ChannelExec ch = sessions.open(command(tar, compressor, marker), err, timeout, "tar", where);
        try {
            return new TarLoop(ch, err, timeout, where, compressor != null);
        } catch (IOException | RuntimeException e) {
            ch.close(true);
            throw e;
        }
    }

    /** Whether the loop can take another batch (its channel is still open). */
    boolean isOpen() {
        return channel.isOpen() && !channel.isClosing();
    }

    /**
     * Starts a batch of relative paths, compressed if {@code compressed} (which the caller decides, and only for a
     * loop started with a compressor). When the batch is closed after {@link RemoteTar.Batch#finish} returned, the
     * loop is handed to {@code reusable}; closed any earlier, the loop is closed too.
     */
    RemoteTar.Batch batch(List<byte[]> names, boolean compressed, Consumer<TarLoop> reusable) throws IOException {
        if (compressed && !canCompress) {
            throw new IllegalArgumentException("a tar loop started without a compressor cannot compress a batch");
        }
        LoopBatch batch = new LoopBatch(reusable, compressed);
        String header = names.size() + (canCompress ? compressed ? " z" : " p" : "") + "\n";
        batch.list = new TarList(header.getBytes(StandardCharsets.US_ASCII), names, stdin, false);
        return batch;
    }

    /** Ends the loop: no more input, and the channel closed (tar, if running, is sent TERM). */
    @Override
    public void close() {
        CommandStream.signal(channel, "TERM");
        channel.close(true);
    }

    private final class LoopBatch implements RemoteTar.Batch {
        final Consumer<TarLoop> reusable;
        final boolean compressed;
        final long startCount = stdout.count();
        /** The compressed archive's frame, or null for a plain archive. */
        final ZstdFrameStream frame;
        final InputStream archive;
        final TarReader reader;
        TarList list;
        String messages = "";
        boolean finished;
        boolean closed;

        LoopBatch(Consumer<TarLoop> reusable, boolean compressed) throws IOException {
            this.reusable = reusable;
            this.compressed = compressed;
            this.frame = compressed ? new ZstdFrameStream(stdout) : null;
            this.archive = compressed ? new ZstdInputStreamNoFinalizer(frame) : stdout;
            this.reader = new TarReader(archive);
        }

        @Override
        public TarReader reader() {
            return reader;
        }

        @Override
        public int finish() throws IOException {
            while (reader.next() != null) {
                // entries the caller left unread
            }
            int status = compressed ? statusAfterFrame() : statusAfterRecords();
            messages = stderr.next(timeout, where);
            SshException unwritten = list.await(timeout, where);
            if (unwritten != null) {
                throw unwritten;
            }
            finished = true;
            return status;
        }

        /** The frame read to its end (tar pads the archive to whole records), then the status line. */
        private int statusAfterFrame() throws IOException {
            byte[] sink = new byte[8192];
            while (archive.read(sink) >= 0) {
                // the padding
            }
            if (!frame.finished()) {
                throw protocolError("tar's stream ended inside its zstd frame");
            }
            return statusLine(stdout);
        }

        /** The zero padding up to the record's end (part of it may be in the reader's buffer), then the status line. */
        private int statusAfterRecords() throws IOException {
            long padding = (RECORD - reader.position() % RECORD) % RECORD;
            ByteArrayInputStream ahead = new ByteArrayInputStream(reader.unread());
            InputStream rest = new SequenceInputStream(ahead, stdout);
            byte[] zeros = new byte[8192];
            for (long left = padding; left > 0; ) {
                int n = rest.read(zeros, 0, (int) Math.min(left, zeros.length));
                if (n < 0) {
                    throw protocolError("tar's stream ended inside its last record");
                }
                for (int k = 0; k < n; k++) {
                    if (zeros[k] != 0) {
                        throw protocolError("tar's last record is not padded with zeros");
                    }
                }
                left -= n;
            }
            int status = statusLine(rest);
            if (ahead.available() > 0) {
                throw protocolError("tar loop sent more after tar's exit status");
            }
            return status;
        }

        private SshException protocolError(String what) {
            return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, what + " (" + where + ")");
        }

        /** Reads the decimal status line that follows the archive. */
        private int statusLine(InputStream in) throws IOException {
            byte[] line = new byte[STATUS_LINE_LIMIT];
            int n = 0;
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0 || n == line.length) {
                    throw protocolError(b < 0 ? "tar loop ended before tar's exit status" : "tar loop sent a malformed exit status");
                }
                line[n++] = (byte) b;
            }
            String text = new String(line, 0, n, StandardCharsets.US_ASCII);
            if (!text.matches("[0-9]{1,3}")) {
                throw protocolError("tar loop sent a malformed exit status: " + text);
            }
            return Integer.parseInt(text);
        }

        @Override
        public String stderr() {
            return messages;
        }

        @Override
        public long bytesReceived() {
            return stdout.count() - startCount;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (compressed) {
                try {
                    archive.close(); // frees the decompressor; the channel's stream stays open
                } catch (IOException e) {
                    // the loop is closed below unless the batch finished
                }
            }
            if (finished && isOpen()) {
                reusable.accept(TarLoop.this);
            } else {
                TarLoop.this.close();
            }
        }
    }

    /**
     * The loop's stderr, split into batches at its marker line. Written by MINA's I/O threads, read
     * by the batch's thread. Keeps at most {@link CommandStream#STDERR_LIMIT} bytes of each batch (the last).
     */
    static final class MarkedStderr extends OutputStream {
        private final byte[] marker;
        private final ArrayDeque<String> batches = new ArrayDeque<>();
        private byte[] buf = new byte[4096];
        private int len;

        MarkedStderr(byte[] marker) {
            this.marker = marker;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            int searchFrom = Math.max(0, len - marker.length + 1);
            System.arraycopy(b, off, buf, len, n);
            len += n;
            for (int at; (at = indexOf(searchFrom)) >= 0; searchFrom = 0) {
                batches.add(new String(buf, 0, at, StandardCharsets.UTF_8));
                int rest = at + marker.length;
                System.arraycopy(buf, rest, buf, 0, len - rest);
                len -= rest;
                notifyAll();
            }
            int keep = CommandStream.STDERR_LIMIT + marker.length;
            if (len > 2 * keep) { // a batch's messages beyond the limit: keep their end, and any partial marker
                System.arraycopy(buf, len - keep, buf, 0, keep);
                len = keep;
            }
        }

        private int indexOf(int from) {
            outer:
            for (int i = from; i <= len - marker.length; i++) {
                for (int j = 0; j < marker.length; j++) {
                    if (buf[i + j] != marker[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        /** The next batch's messages, waiting for its marker at most {@code timeout}. */
        synchronized String next(Duration timeout, String where) throws IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (batches.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SshException(SshErrorCode.SSH_TIMEOUT, "tar loop on " + where
                            + " did not end a batch's messages within " + timeout.toSeconds() + " s");
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for tar's messages");
                }
            }
            String text = batches.poll();
            int limit = CommandStream.STDERR_LIMIT;
            return text.length() > limit ? text.substring(text.length() - limit) : text;
        }
    }
}
