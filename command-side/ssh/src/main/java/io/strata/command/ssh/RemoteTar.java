package io.strata.command.ssh;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.source.BulkVisitor;
import io.strata.engine.source.ReadStamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * Reads many files of a server through one stream: the server's own GNU {@code tar}, run on an
 * exec channel of an open connection, archives the NUL-separated list it gets on stdin (paths
 * relative to {@code /}, no recursion, hard links archived as files, numeric owners) and the
 * stream is parsed here ({@link TarReader}) and handed file by file to the engine, without
 * temporary files. Several batches may run at once. Each stream of batches runs in one long-lived
 * shell loop on one exec channel ({@link TarLoop}), so the server's login costs are paid per
 * stream, not per batch; where the loop does not work, each batch gets an exec channel of its own.
 *
 * <p>Change detection: each entry's header carries the size and mtime tar saw when it opened the
 * file (the engine compares them with the listing); tar itself notices a file that changed or
 * shrank while it read it (it warns and exits 1). A warning naming a file that was read flags
 * that file; a warning that cannot be matched (or exit 1 with none) flags every file of the batch,
 * which only costs rereading them next time. A listed path missing from the stream (tar could not
 * stat or open it, exit 2) is looked up over SFTP: vanished gives {@link NoSuchFileException},
 * otherwise tar's message. Exit statuses above 2, a signal, a malformed stream, or a stream that
 * sends nothing for the request timeout ({@code SSH_TIMEOUT}) end the batch with an
 * {@link IOException} (the engine reads the files not yet handed over one by one).
 *
 * <p>Compression: when the server has {@code zstd}, tar pipes a batch's archive through it ({@link #ZSTD})
 * if the batch asks ({@link #read}), and the stream is decompressed here: a sixth of the bytes cross sshd
 * and the connection. A server without it gets plain streams (decided once, by {@link #works}, which also
 * decides whether the loop works there). A loop serves compressed and plain batches alike, so a source that
 * leaves most batches plain (a server on this host, {@link SshConnection#recommendedSourceOptions()}) can
 * still compress one holding a file that is mostly holes, which would otherwise cross as every zero.
 *
 * <p>Names: {@code --quoting-style=literal} makes tar print names unescaped, so its warnings can
 * be matched to paths. Only names valid as UTF-8 work (as for SFTP, see {@link SftpSource}).
 */
final class RemoteTar implements AutoCloseable {
    /** The archiving command; GNU tar 1.29 or later ({@code --verbatim-files-from}). */
    static final String TAR = "tar -cf - -b 64 --format=gnu --numeric-owner --hard-dereference"
            + " --no-recursion --quoting-style=literal --null --verbatim-files-from -C / -T -";
    /** The archiving command in the C locale (messages untranslated, so they can be matched). */
    static final String COMMAND = "LC_ALL=C " + TAR;
    /**
     * The compressor tar pipes its archive through when the server has it: zstd at level 1 on one
     * thread shrinks a source tree's stream about sixfold for 2.5-4 CPU-seconds per GB on the server,
     * which a connection across a network repays in bytes not sent (a 1 Gbit/s link carries the
     * Linux 6.1 tree's 1.36 GB archive in 11 s, its 233 MB compressed in 2 s). Over loopback there
     * is nothing to repay: see {@link SshConnection#recommendedSourceOptions()}.
     */
    static final String ZSTD = "zstd -1 -T1 -q";

    /** Looks a path up after tar could not read it (SFTP LSTAT). */
    interface Lookup {
        void lstat(String path) throws IOException;
    }

    /** One batch in progress, whichever way tar runs: its archive, then its exit status and messages. */
    interface Batch extends AutoCloseable {
        /** The archive, entry by entry. */
        TarReader reader();

        /** Reads the archive to its end (the padding), then returns tar's exit status. */
        int finish() throws IOException;

        /** What tar wrote to stderr; complete once {@link #finish} returned. */
        String stderr();

        /** Bytes of this batch that crossed the connection so far. */
        long bytesReceived();

        /** Ends the batch; before {@link #finish} returned, this stops tar. */
        @Override
        void close();
    }

    private final ExecSessions sessions;
    private final Duration timeout;
    private final String where;
    private final Lookup lookup;
    private final AtomicLong filesRead = new AtomicLong();
    /** The compressor batches may ask for, or null when the server has none; decided by {@link #works}. */
    private volatile String compressor;
    private final AtomicLong batchesCompressed = new AtomicLong();
    /** Whether batches run in {@link TarLoop}s; decided by {@link #works}. */
    private volatile boolean loops;
    /** Loops between batches. */
    private final LinkedBlockingDeque<TarLoop> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;
    private final AtomicInteger loopsStarted = new AtomicInteger();
    /** Loops {@link #startAhead} is still starting. */
    private final AtomicInteger startingAhead = new AtomicInteger();

    /**
     * @param compressor command tar should compress through when a batch asks (e.g. {@link #ZSTD}, whose output
     *     this class decompresses), tried first by {@link #works}; null for plain streams only
     */
    RemoteTar(ExecSessions sessions, Duration timeout, String where, Lookup lookup, String compressor) {
        this.sessions = sessions;
        this.timeout = timeout;
        this.where = where;
        this.lookup = lookup;
        this.compressor = compressor;
    }

    /** The command for a compressor (null: none). */
    static String command(String compressor) {
        return compressor == null ? COMMAND : COMMAND + " --use-compress-program='" + compressor + "'";
    }

    /** Whether batches that ask to be compressed are (known after {@link #works}). */
    boolean canCompress() {
        return compressor != null;
    }

    /** Batches started compressed so far. */
    long batchesCompressed() {
        return batchesCompressed.get();
    }

    /**
     * Whether the server's tar does the job: the command runs, archives {@code probeDirectory}
     * (a directory SFTP shows, e.g. the login's home, or null) under the name SFTP gives it, and
     * exits 0. False for a server without GNU tar or without exec (e.g. an SFTP-only account), and
     * for one whose shell sees other paths than SFTP (a chrooted SFTP). Tried in order: compressed
     * batches in a {@link TarLoop}, compressed batches on channels of their own, then the same with
     * plain streams; the first that works is used from then on (a server without zstd gets plain
     * streams, in a loop when it has GNU {@code head -z}).
     */
    boolean works(String probeDirectory) {
        if (compressor != null && (probeLoop(probeDirectory) || probeOwnChannels(probeDirectory))) {
            return true;
        }
        compressor = null;
        return probeLoop(probeDirectory) || probeOwnChannels(probeDirectory);
    }

    private boolean probeLoop(String probeDirectory) {
        loops = true;
        return probe(probeDirectory);
    }

    private boolean probeOwnChannels(String probeDirectory) {
        loops = false;
        return probe(probeDirectory);
    }

    /** Whether batches run in a long-lived loop (known after {@link #works}). */
    boolean loops() {
        return loops;
    }

    private boolean probe(String probeDirectory) {
        List<byte[]> list = probeDirectory == null || probeDirectory.equals("/") ? List.of()
                : List.of(relative(probeDirectory));
        try (Batch run = start(list, compressor != null)) {
            TarReader tar = run.reader();
            TarReader.Entry e = tar.next();
            if (list.isEmpty() ? e != null
                    : e == null || e.type() != '5' || !Arrays.equals(trimSlash(e.name()), list.getFirst())
                            || tar.next() != null) {
                return false;
            }
            return run.finish() == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads the listed regular files in order, as one archive compressed on the server if {@code compress} and the
     * server can; see the class comment for what the visitor gets.
     */
    void read(List<String> paths, BulkVisitor visitor, boolean compress) throws IOException {
        List<byte[]> names = new ArrayList<>(paths.size());
        for (String p : paths) {
            names.add(relative(p));
        }
        List<String> readPaths = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean compressed = compress && compressor != null;
        if (compressed) {
            batchesCompressed.incrementAndGet();
        }
        try (Batch run = start(names, compressed)) {
            TarReader tar = run.reader();
            int next = 0;
            for (TarReader.Entry e; (e = tar.next()) != null; ) {
                byte[] name = trimSlash(e.name());
                int at = next;
                while (at < names.size() && !Arrays.equals(names.get(at), name)) {
                    at++;
                }
                if (at == names.size()) {
                    throw new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, "tar on " + where
                            + " sent an entry that was not asked for: " + e.nameText());
                }
                for (int i = next; i < at; i++) {
                    missing.add(paths.get(i));
                }
                next = at + 1;
                String path = paths.get(at);
                if (e.isRegularFile()) {
                    readPaths.add(path);
                    filesRead.incrementAndGet();
                    // GNU-format headers carry whole seconds: the listing's time is compared at that precision
                    visitor.file(path, ReadStamp.toTheSecond(e.size(), e.mtimeNanos()), tar.content());
                } else {
                    visitor.failed(path, new IOException("no longer a regular file (tar type '" + e.type() + "')"));
                }
            }
            for (int i = next; i < names.size(); i++) {
                missing.add(paths.get(i));
            }
            int status = run.finish();
            String err = run.stderr();
            if (status > 2) {
                throw new CommandFailedException("tar", CommandFailedException.Reason.EXIT_STATUS, status, null, err,
                        run.bytesReceived());
            }
            for (String p : missing) {
                visitor.failed(p, whyMissing(p, err));
            }
            if (status != 0 || !err.isEmpty()) {
                flagWarned(readPaths, err, status, missing.isEmpty(), visitor);
            }
        }
    }

    /** Files handed to visitors so far. */
    long filesRead() {
        return filesRead.get();
    }

    /** Loops started so far (each one login on the server). */
    int loopsStarted() {
        return loopsStarted.get();
    }

    /** Ends the idle loops (a batch in progress ends its own). */
    @Override
    public void close() {
        closed = true;
        for (TarLoop loop; (loop = idle.poll()) != null; ) {
            loop.close();
        }
    }

    /** Flags the read files tar warned about; when it warned of something it did not name, all of them. */
    private static void flagWarned(List<String> readPaths, String err, int status, boolean noneMissing,
            BulkVisitor visitor) {
        boolean matched = false;
        for (String p : readPaths) {
            if (err.contains("tar: " + p.substring(1) + ": ")) {
                visitor.changedWhileRead(p);
                matched = true;
            }
        }
        boolean unexplained = !matched && (status == 1 || (status == 2 && noneMissing));
        if (unexplained) {
            readPaths.forEach(visitor::changedWhileRead);
        }
    }

    private IOException whyMissing(String path, String stderr) {
        try {
            lookup.lstat(path);
        } catch (IOException e) {
            return e; // NoSuchFileException when it vanished, AccessDeniedException, ...
        }
        String rel = path.substring(1);
        int at = stderr.indexOf("tar: " + rel + ": ");
        String why = at < 0 ? "tar did not archive it" : stderr.substring(at + 7 + rel.length()).lines().findFirst().orElse("");
        return new IOException(why);
    }

    private static byte[] relative(String absolute) {
        if (!absolute.startsWith("/") || absolute.length() < 2) {
            throw new IllegalArgumentException("not an absolute file path: " + absolute);
        }
        return LosslessUtf8.encode(absolute.substring(1));
    }

    private static byte[] trimSlash(byte[] name) {
        int n = name.length;
        while (n > 0 && name[n - 1] == '/') {
            n--;
        }
        return n == name.length ? name : Arrays.copyOf(name, n);
    }

    /**
     * Starts {@code count} more loops on threads of their own (after {@link #works} chose loops), so that the
     * logins they cost overlap the first batches instead of each delaying the first batch of its stream: a
     * login runs the account's start-up files (2.6 s per login where root's start-up file runs pyenv). A batch that
     * finds no idle loop waits for one of these rather than logging in once more. A loop that cannot be
     * started is left to the batch that needs it, which then reports why.
     */
    void startAhead(int count) {
        if (!loops) {
            return;
        }
        for (int i = 0; i < count && !closed; i++) {
            startingAhead.incrementAndGet();
            Thread.ofPlatform().name("strata-tar-login").daemon().start(() -> {
                try {
                    TarLoop loop = TarLoop.start(sessions, TAR, compressor, timeout, where);
                    loopsStarted.incrementAndGet();
                    reuse(loop);
                } catch (IOException | RuntimeException e) {
                    // the batch that needs a loop starts one itself and fails with the reason
                } finally {
                    startingAhead.decrementAndGet();
                }
            });
        }
    }

    /** Starts a batch of paths relative to {@code /}; {@code compressed} only when the server can ({@link #canCompress}). */
    private Batch start(List<byte[]> names, boolean compressed) throws IOException {
        if (!loops) {
            return startOwnChannel(names, compressed);
        }
        TarLoop loop = idleLoop();
        if (loop == null) {
            loop = TarLoop.start(sessions, TAR, compressor, timeout, where);
            loopsStarted.incrementAndGet();
        }
        return loop.batch(names, compressed, this::reuse);
    }

    /** An open idle loop, waiting for one {@link #startAhead} is starting; null when there is none to wait for. */
    private TarLoop idleLoop() throws IOException {
        while (true) {
            TarLoop loop = idle.poll();
            if (loop == null && startingAhead.get() > 0) {
                try {
                    loop = idle.poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted waiting for a tar loop on " + where);
                }
                if (loop == null) {
                    continue;
                }
            }
            if (loop == null || loop.isOpen()) {
                return loop;
            }
            loop.close(); // ended while idle (the server closed it): take or start another
        }
    }

    private void reuse(TarLoop loop) {
        idle.push(loop);
        if (closed && idle.remove(loop)) {
            loop.close(); // the source closed while this batch ran
        }
    }

    /** A batch on an exec channel of its own. */
    private Batch startOwnChannel(List<byte[]> names, boolean compressed) throws IOException {
        CommandStream.Tail err = new CommandStream.Tail(CommandStream.STDERR_LIMIT);
        String using = compressed ? compressor : null;
        ChannelExec ch = sessions.open(command(using), err, timeout, "tar", where);
        Run run;
        try {
            run = new Run(ch, err, using != null);
        } catch (IOException | RuntimeException e) {
            ch.close(true);
            throw e;
        }
        run.list = new TarList(new byte[0], names, ch.getInvertedIn(), true);
        return run;
    }

    /** One tar command on an exec channel of its own. */
    private final class Run implements Batch {
        final ChannelExec channel;
        final CommandStream.Tail stderr;
        final InputStream archive;
        final TarReader reader;
        final StallDetectingStream counted;
        TarList list;
        volatile boolean finished;

        Run(ChannelExec channel, CommandStream.Tail stderr, boolean compressed) throws IOException {
            this.channel = channel;
            this.stderr = stderr;
            this.counted = new StallDetectingStream(channel.getInvertedOut(), timeout, "tar on " + where);
            this.archive = compressed ? new ZstdInputStreamNoFinalizer(counted) : counted;
            this.reader = new TarReader(archive);
        }

        @Override
        public TarReader reader() {
            return reader;
        }

        @Override
        public String stderr() {
            return stderr.text();
        }

        @Override
        public long bytesReceived() {
            return counted.count();
        }

        @Override
        public int finish() throws IOException {
            byte[] sink = new byte[8192];
            while (archive.read(sink) >= 0) {
                // tar pads the archive to whole records
            }
            channel.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL,
                    ClientChannelEvent.CLOSED), timeout.toMillis());
            Integer status = channel.getExitStatus();
            String signal = channel.getExitSignal();
            if (signal != null || status == null) {
                throw new CommandFailedException("tar", signal != null ? CommandFailedException.Reason.SIGNAL
                        : CommandFailedException.Reason.NO_EXIT_STATUS, status, signal, stderr.text(), counted.count());
            }
            SshException unwritten = list.await(timeout, where);
            if (unwritten != null && status == 0) { // tar that failed early may rightly stop reading its list
                throw unwritten;
            }
            finished = true;
            return status;
        }

        @Override
        public void close() {
            if (archive != counted) {
                try {
                    archive.close(); // frees the decompressor
                } catch (IOException e) {
                    // the channel is closed below either way
                }
            }
            if (!finished) {
                CommandStream.signal(channel, "TERM"); // stop tar early (cancelled, or its stream was refused)
                channel.close(true);
            } else {
                channel.close(false);
            }
        }
    }
}
