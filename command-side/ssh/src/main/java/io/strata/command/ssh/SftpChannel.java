package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.channel.ChannelSubsystem;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * One SFTP version 3 channel used as a pipe of requests: any thread may send requests and wait
 * for their replies by id, so many requests are in flight at once (reads ahead of the reader,
 * several READDIRs, a batch of READLINKs). The packets are written and parsed here, directly on
 * an SSH "sftp" subsystem channel of MINA's client:
 * <ul>
 *   <li>requests that go out together ({@link #queue} then {@link #flush}) share SSH packets, and
 *       replies that arrive together are parsed from one buffer: per request, the cost is a few
 *       microseconds instead of a round of thread hand-offs and futures per SSH packet (MINA's own
 *       SFTP client spent about 55 µs of CPU per request here, which bounded small-file backups);</li>
 *   <li>replies nobody needs (CLOSE of a file read to its end, reads past the end) are
 *       {@linkplain #forget forgotten}: dropped when they arrive, costing no round trip.</li>
 * </ul>
 *
 * <p>Servers process the requests of one channel in the order sent (OpenSSH's sftp-server and
 * MINA's subsystem both do), which lets a REMOVE and an OPEN of the same path go out together.
 */
final class SftpChannel implements Closeable {
    static final int FXP_INIT = 1;
    static final int FXP_VERSION = 2;
    static final int FXP_OPEN = 3;
    static final int FXP_CLOSE = 4;
    static final int FXP_READ = 5;
    static final int FXP_WRITE = 6;
    static final int FXP_LSTAT = 7;
    static final int FXP_FSTAT = 8;
    static final int FXP_SETSTAT = 9;
    static final int FXP_FSETSTAT = 10;
    static final int FXP_OPENDIR = 11;
    static final int FXP_READDIR = 12;
    static final int FXP_REMOVE = 13;
    static final int FXP_MKDIR = 14;
    static final int FXP_RMDIR = 15;
    static final int FXP_REALPATH = 16;
    static final int FXP_STAT = 17;
    static final int FXP_RENAME = 18;
    static final int FXP_READLINK = 19;
    static final int FXP_SYMLINK = 20;
    static final int FXP_STATUS = 101;
    static final int FXP_HANDLE = 102;
    static final int FXP_DATA = 103;
    static final int FXP_NAME = 104;
    static final int FXP_ATTRS = 105;
    static final int FXP_EXTENDED = 200;
    static final int FXP_EXTENDED_REPLY = 201;

    static final int FX_OK = 0;
    static final int FX_EOF = 1;
    static final int FX_NO_SUCH_FILE = 2;
    static final int FX_PERMISSION_DENIED = 3;
    static final int FX_FAILURE = 4;
    static final int FX_OP_UNSUPPORTED = 8;

    static final int FXF_READ = 0x01;
    static final int FXF_WRITE = 0x02;
    static final int FXF_CREAT = 0x08;
    static final int FXF_EXCL = 0x20;

    static final String EXT_HARDLINK = "hardlink@openssh.com";
    static final String EXT_LSETSTAT = "lsetstat@openssh.com";
    static final String EXT_POSIX_RENAME = "posix-rename@openssh.com";
    static final String EXT_USERS_GROUPS = "users-groups-by-id@openssh.com";
    static final String EXT_LIMITS = "limits@openssh.com";
    static final String EXT_STATVFS = "statvfs@openssh.com";

    /**
     * Room left on a file system for the login: bytes and inodes (statvfs's {@code f_bavail} and {@code f_favail}),
     * and whether it is mounted read-only ({@code f_flag}).
     */
    record FreeSpace(long bytes, long inodes, boolean readOnly) {
    }

    /** {@code SSH2_FXE_STATVFS_ST_RDONLY}: the file system is mounted read-only. */
    private static final long STATVFS_READ_ONLY = 0x1;

    /** OpenSSH's sftp-server serves at most this much per READ (256 KiB messages less 1 KiB). */
    static final int OPENSSH_MAX_IO = 255 * 1024;
    /** Largest reply accepted: a READ of 16 MiB and its header. */
    private static final int MAX_PACKET = 16 * 1024 * 1024 + 1024;
    /** Bytes kept free before a request's payload for its length, type and id. */
    private static final int HEADROOM = 9;

    private final ChannelSubsystem channel;
    private final OutputStream toServer;
    private final Duration timeout;
    private final String where;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Reply> version = new CompletableFuture<>();
    private final ReplyParser parser = new ReplyParser();
    private Map<String, byte[]> extensions = Map.of();
    private long maxReadLength = OPENSSH_MAX_IO;
    private long maxWriteLength = OPENSSH_MAX_IO;
    private volatile IOException broken;

    /** A reply: its packet type and the buffer positioned after the request id. */
    record Reply(int type, Buffer buffer) {
    }

    private SftpChannel(ChannelSubsystem channel, OutputStream toServer, Duration timeout, String where) {
        this.channel = channel;
        this.toServer = toServer;
        this.timeout = timeout;
        this.where = where;
    }

    /** Opens the {@code sftp} subsystem on a session and settles on protocol version 3. */
    static SftpChannel open(ClientSession session, Duration timeout, String where) throws SshException {
        ChannelSubsystem ch;
        try {
            ch = session.createSubsystemChannel("sftp");
        } catch (IOException | RuntimeException e) {
            throw new SshException(session.isOpen() ? SshErrorCode.SSH_SFTP_UNAVAILABLE : SshErrorCode.SSH_CONNECTION_LOST,
                    "cannot open an SFTP channel on " + where + ": " + e.getMessage(), e);
        }
        SftpChannel[] self = new SftpChannel[1];
        ch.setOut(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                SftpChannel c = self[0];
                if (c != null) { // the server speaks only after our INIT, sent once c is set
                    c.parser.accept(b, off, len, c);
                }
            }
        });
        ch.setErr(OutputStream.nullOutputStream()); // a subsystem's stderr is not part of the protocol
        try {
            OpenFuture f = ch.open();
            if (!f.await(timeout) || !f.isOpened()) {
                ch.close(true);
                Throwable t = f.getException();
                if (!session.isOpen()) {
                    throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "connection to " + where + " closed", t);
                }
                throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "the server " + where
                        + " did not open an SFTP channel" + (t == null ? " within " + timeout : ": " + t.getMessage()), t);
            }
        } catch (SshException e) {
            throw e;
        } catch (IOException e) {
            ch.close(true);
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "opening SFTP on " + where + " failed: "
                    + e.getMessage(), e);
        }
        SftpChannel c = new SftpChannel(ch, ch.getInvertedIn(), timeout, where);
        self[0] = c;
        ch.addCloseFutureListener(f -> c.fail(new SshException(SshErrorCode.SSH_CONNECTION_LOST,
                "SFTP channel to " + where + " closed")));
        try {
            c.handshake();
            return c;
        } catch (IOException | RuntimeException e) {
            ch.close(true);
            if (!session.isOpen()) {
                throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "connection to " + where + " closed", e);
            }
            if (e instanceof SshException se && se.code() != SshErrorCode.SSH_CONNECTION_LOST) {
                throw se;
            }
            // the server closed the channel instead of answering INIT: no SFTP subsystem
            throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "the server " + where + " offers no SFTP: "
                    + e.getMessage(), e);
        }
    }

    /** INIT with version 3; the VERSION reply lists the server's extensions. */
    private void handshake() throws IOException {
        ByteArrayBuffer init = new ByteArrayBuffer(9, false);
        init.putInt(5);
        init.putByte((byte) FXP_INIT);
        init.putInt(3);
        writing.lock();
        try {
            toServer.write(init.array(), 0, init.wpos());
            toServer.flush();
        } finally {
            writing.unlock();
        }
        Reply v = get(version, "version");
        Buffer b = v.buffer();
        int serverVersion = b.getInt();
        if (serverVersion != 3) {
            throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "the SFTP server of " + where + " answered version "
                    + serverVersion + "; only version 3 is supported");
        }
        Map<String, byte[]> ext = new TreeMap<>();
        while (b.available() >= 8) {
            ext.put(b.getString(), b.getBytes());
        }
        extensions = ext;
        if (ext.containsKey(EXT_LIMITS)) {
            Reply r = await(sendExtended(EXT_LIMITS, plainBuffer()));
            if (r.type() == FXP_EXTENDED_REPLY) {
                Buffer l = r.buffer();
                l.getLong(); // max packet length
                long read = l.getLong();
                long write = l.getLong();
                maxReadLength = read > 0 ? Math.min(read, MAX_PACKET - 1024) : OPENSSH_MAX_IO;
                maxWriteLength = write > 0 ? Math.min(write, MAX_PACKET - 1024) : OPENSSH_MAX_IO;
            }
        }
    }

    /** Splits the byte stream from the server into packets and hands each to its waiter. */
    private static final class ReplyParser {
        private byte[] buf = new byte[64 * 1024];
        private int len;

        void accept(byte[] b, int off, int n, SftpChannel owner) throws IOException {
            if (len == 0) {
                // the common case: whole packets straight from MINA's buffer
                int used = parse(b, off, n, owner);
                off += used;
                n -= used;
                if (n == 0) {
                    return;
                }
            }
            if (len + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
            int used = parse(buf, 0, len, owner);
            System.arraycopy(buf, used, buf, 0, len - used);
            len -= used;
            if (buf.length > 1024 * 1024 && len < 64 * 1024) {
                buf = java.util.Arrays.copyOf(buf, 64 * 1024);
            }
        }

        /** Dispatches the complete packets in b[off, off+n); returns the bytes consumed. */
        private static int parse(byte[] b, int off, int n, SftpChannel owner) throws IOException {
            int start = off;
            int end = off + n;
            while (end - off >= 4) {
                int plen = ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
                        | (b[off + 3] & 0xff);
                if (plen < 5 || plen > MAX_PACKET) {
                    IOException e = new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, "SFTP packet of " + plen
                            + " bytes from " + owner.where);
                    owner.fail(e);
                    throw e;
                }
                if (end - off - 4 < plen) {
                    break;
                }
                owner.dispatch(java.util.Arrays.copyOfRange(b, off + 4, off + 4 + plen));
                off += 4 + plen;
            }
            return off - start;
        }
    }

    private void dispatch(byte[] packet) {
        int type = packet[0] & 0xff;
        if (type == FXP_VERSION) {
            version.complete(new Reply(type, new ByteArrayBuffer(packet, 1, packet.length - 1)));
            return;
        }
        int id = ((packet[1] & 0xff) << 24) | ((packet[2] & 0xff) << 16) | ((packet[3] & 0xff) << 8) | (packet[4] & 0xff);
        CompletableFuture<Reply> f = pending.get(id); // removed by whoever awaits or forgot it
        if (f != null) {
            f.complete(new Reply(type, new ByteArrayBuffer(packet, 5, packet.length - 5)));
        }
    }

    private void fail(IOException e) {
        if (broken == null) {
            broken = e;
        }
        version.completeExceptionally(e);
        for (Integer id : pending.keySet()) {
            CompletableFuture<Reply> f = pending.remove(id);
            if (f != null) {
                f.completeExceptionally(e);
            }
        }
    }

    String where() {
        return where;
    }

    boolean hasExtension(String name) {
        return extensions.containsKey(name);
    }

    long maxReadLength() {
        return maxReadLength;
    }

    long maxWriteLength() {
        return maxWriteLength;
    }

    boolean isOpen() {
        return broken == null && channel.isOpen() && !channel.isClosing();
    }

    /** A request buffer with room before the payload for the packet header. */
    static Buffer request(int payloadSize) {
        ByteArrayBuffer b = new ByteArrayBuffer(HEADROOM + Math.max(payloadSize, 16), false);
        b.rpos(HEADROOM);
        b.wpos(HEADROOM);
        return b;
    }

    static Buffer pathRequest(String path) {
        Buffer b = request(4 + path.length() * 3);
        putPath(b, path);
        return b;
    }

    /**
     * Puts a path (or symlink target) as an SFTP string: its bytes as {@link LosslessUtf8} gives them, so a name that
     * is not UTF-8 on the server reaches it as the bytes it was listed with.
     */
    static void putPath(Buffer b, String path) {
        b.putBytes(LosslessUtf8.encode(path));
    }

    /** A path (or symlink target) from an SFTP string, every byte kept ({@link LosslessUtf8}). */
    static String getPath(Buffer b) {
        return LosslessUtf8.decode(b.getBytes());
    }

    static Buffer handleRequest(byte[] handle) {
        Buffer b = request(4 + handle.length);
        b.putBytes(handle);
        return b;
    }

    /** Sends a request now. */
    int send(int type, Buffer payload) throws IOException {
        return write(type, payload, true);
    }

    /** Buffers a request to go out with the next {@link #flush} (or {@link #send}). */
    int queue(int type, Buffer payload) throws IOException {
        return write(type, payload, false);
    }

    void flush() throws IOException {
        writing.lock();
        try {
            toServer.flush();
        } catch (IOException e) {
            throw lost(e);
        } finally {
            writing.unlock();
        }
    }

    private int write(int type, Buffer payload, boolean flush) throws IOException {
        IOException b = broken;
        if (b != null) {
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where + " is closed: "
                    + b.getMessage(), b);
        }
        Buffer p = payload;
        if (p.rpos() < HEADROOM) {
            Buffer copy = request(p.available());
            copy.putBuffer(p);
            p = copy;
        }
        int id = ids.incrementAndGet();
        int length = p.available() + 5;
        byte[] a = p.array();
        int at = p.rpos() - HEADROOM;
        a[at] = (byte) (length >>> 24);
        a[at + 1] = (byte) (length >>> 16);
        a[at + 2] = (byte) (length >>> 8);
        a[at + 3] = (byte) length;
        a[at + 4] = (byte) type;
        a[at + 5] = (byte) (id >>> 24);
        a[at + 6] = (byte) (id >>> 16);
        a[at + 7] = (byte) (id >>> 8);
        a[at + 8] = (byte) id;
        pending.put(id, new CompletableFuture<>());
        writing.lock();
        try {
            // one writer at a time: MINA's channel stream skips a flush while another is running
            toServer.write(a, at, length + 4);
            if (flush) {
                toServer.flush();
            }
        } catch (IOException e) {
            pending.remove(id);
            throw lost(e);
        } finally {
            writing.unlock();
        }
        return id;
    }

    Reply await(int id) throws IOException {
        CompletableFuture<Reply> f = pending.get(id);
        if (f == null) {
            IOException b = broken;
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP request " + id + " to " + where
                    + " has no reply" + (b == null ? "" : ": " + b.getMessage()), b);
        }
        try {
            return get(f, "request " + id);
        } finally {
            pending.remove(id, f);
        }
    }

    private Reply get(CompletableFuture<Reply> f, String what) throws IOException {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            SshException lost = new SshException(SshErrorCode.SSH_CONNECTION_LOST, "no SFTP reply from " + where
                    + " within " + timeout + " (" + what + ")", e);
            fail(lost);
            channel.close(true);
            throw lost;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SshException se) {
                throw se;
            }
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where + " failed: " + c, c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for " + where);
        }
    }

    /** The reply if it has arrived, else null (without waiting). */
    Reply poll(int id) throws IOException {
        CompletableFuture<Reply> f = pending.get(id);
        if (f == null || !f.isDone()) {
            return f == null ? await(id) : null;
        }
        return await(id);
    }

    /** Sends and waits. */
    Reply call(int type, Buffer payload) throws IOException {
        return await(send(type, payload));
    }

    /** Drops interest in a reply: it is discarded when it arrives. */
    void forget(int id) {
        CompletableFuture<Reply> f = pending.get(id);
        if (f != null) {
            f.whenComplete((r, e) -> pending.remove(id, f));
        }
    }

    private IOException lost(IOException e) {
        if (e instanceof SshException) {
            return e;
        }
        SshException lost = new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where
                + " failed: " + e.getMessage(), e);
        fail(lost);
        return lost;
    }

    // ---- replies

    /** Raises the exception a STATUS reply stands for; returns normally only for SSH_FX_OK. */
    static void checkStatus(Reply r, String op, String path) throws IOException {
        if (r.type() != FXP_STATUS) {
            throw new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, op + " " + path + ": unexpected SFTP reply type " + r.type());
        }
        int code = r.buffer().getInt();
        if (code == FX_OK) {
            return;
        }
        throw statusException(code, message(r.buffer()), op, path);
    }

    /** The status code of a STATUS reply, -1 for other replies; reads nothing. */
    static int statusCode(Reply r) {
        if (r.type() != FXP_STATUS) {
            return -1;
        }
        Buffer b = r.buffer();
        int pos = b.rpos();
        int code = b.getInt();
        b.rpos(pos);
        return code;
    }

    static String message(Buffer b) {
        return b.available() >= 4 ? b.getString() : "";
    }

    static IOException statusException(int code, String message, String op, String path) {
        return switch (code) {
            case FX_NO_SUCH_FILE -> new NoSuchFileException(path, null, op + ": " + message);
            case FX_PERMISSION_DENIED -> new AccessDeniedException(path, null, op + ": " + message);
            default -> new SftpStatusException(op, path, code, message);
        };
    }

    /** The exception for a reply that is a STATUS where something else was expected. */
    static IOException unexpected(Reply r, String op, String path) {
        if (r.type() == FXP_STATUS) {
            int code = r.buffer().getInt();
            return statusException(code, message(r.buffer()), op, path);
        }
        return new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, op + " " + path + ": unexpected SFTP reply type " + r.type());
    }

    static byte[] handle(Reply r, String op, String path) throws IOException {
        if (r.type() != FXP_HANDLE) {
            throw unexpected(r, op, path);
        }
        return r.buffer().getBytes();
    }

    static SftpAttrs attrs(Reply r, String op, String path) throws IOException {
        if (r.type() != FXP_ATTRS) {
            throw unexpected(r, op, path);
        }
        return SftpAttrs.read(r.buffer());
    }

    /** The single name of a NAME reply (READLINK, REALPATH). */
    static String singleName(Reply r, String op, String path) throws IOException {
        if (r.type() != FXP_NAME) {
            throw unexpected(r, op, path);
        }
        Buffer b = r.buffer();
        int n = b.getInt();
        if (n < 1) {
            throw new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, op + " " + path + ": empty NAME reply");
        }
        return getPath(b);
    }

    // ---- requests used in several places

    void closeHandleLater(byte[] handle) throws IOException {
        forget(queue(FXP_CLOSE, handleRequest(handle))); // goes out with the channel's next flush
    }

    String realPath(String path) throws IOException {
        return singleName(call(FXP_REALPATH, pathRequest(path)), "realpath", path);
    }

    int sendExtended(String name, Buffer payloadAfterName) throws IOException {
        Buffer b = request(4 + name.length() + payloadAfterName.available());
        b.putString(name);
        b.putBuffer(payloadAfterName);
        return send(FXP_EXTENDED, b);
    }

    static Buffer plainBuffer() {
        return new ByteArrayBuffer(64, false);
    }

    /**
     * The room left on the file system holding {@code path}, and whether it is read-only ({@code statvfs@openssh.com});
     * null when the server does not offer that extension or refuses the request.
     */
    FreeSpace freeSpace(String path) throws IOException {
        if (!hasExtension(EXT_STATVFS)) {
            return null;
        }
        Buffer b = plainBuffer();
        putPath(b, path);
        Reply r = await(sendExtended(EXT_STATVFS, b));
        if (r.type() != FXP_EXTENDED_REPLY) {
            return null;
        }
        Buffer v = r.buffer();
        v.getLong(); // f_bsize
        long fragment = v.getLong(); // f_frsize: the unit of the block counts
        v.getLong(); // f_blocks
        v.getLong(); // f_bfree
        long blocksAvailable = v.getLong();
        v.getLong(); // f_files
        v.getLong(); // f_ffree
        long inodesAvailable = v.getLong();
        v.getLong(); // f_fsid
        long flags = v.getLong();
        return new FreeSpace(blocksAvailable * fragment, inodesAvailable, (flags & STATVFS_READ_ONLY) != 0);
    }

    @Override
    public void close() throws IOException {
        fail(new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where + " was closed"));
        channel.close(false).awaitUninterruptibly(timeout);
    }

    @Override
    public String toString() {
        return "SftpChannel[" + where + "]";
    }

    /** Whether every one of the channels is still up (a source's or output's connection did not break). */
    static boolean allOpen(SftpChannel[] channels) {
        for (SftpChannel c : channels) {
            if (!c.isOpen()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Closes the channels, then the resources they ran on (sessions, clients), all of them even when some
     * fail; throws the first failure.
     */
    static void closeAll(SftpChannel[] channels, List<AutoCloseable> owned) throws IOException {
        IOException first = null;
        for (SftpChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (AutoCloseable a : owned) {
            try {
                a.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof IOException io ? io : new IOException(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
