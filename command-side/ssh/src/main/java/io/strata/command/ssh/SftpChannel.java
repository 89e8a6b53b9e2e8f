package io.strata.command.ssh;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.RawSftpClient;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;

/**
 * One SFTP version 3 channel used as a pipe of requests: any thread may send requests and wait
 * for their replies by id, so many requests are in flight at once (reads ahead of the reader,
 * several READDIRs, a batch of READLINKs). MINA's client does the channel, the version handshake
 * and the matching of replies to ids; this class writes and parses the packets itself, so it
 * controls pipelining, the OpenSSH extensions and the mapping of errors.
 *
 * <p>Servers process the requests of one channel in the order sent (OpenSSH's sftp-server and
 * MINA's subsystem both do), which lets a REMOVE and an OPEN of the same path go out together.
 *
 * <p>Replies nobody needs (CLOSE of a file read to its end, reads past the end) are "forgotten":
 * their ids are queued and collected without blocking on later sends, so they cost no round trip.
 */
final class SftpChannel implements Closeable {
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
    static final int FXF_TRUNC = 0x10;

    static final String EXT_HARDLINK = "hardlink@openssh.com";
    static final String EXT_LSETSTAT = "lsetstat@openssh.com";
    static final String EXT_USERS_GROUPS = "users-groups-by-id@openssh.com";
    static final String EXT_LIMITS = "limits@openssh.com";

    /** OpenSSH's sftp-server serves at most this much per READ (256 KiB messages less 1 KiB). */
    static final int OPENSSH_MAX_IO = 255 * 1024;

    /** Bytes MINA needs before a request's payload to write the length, type and id in place. */
    private static final int HEADROOM = 9;
    private static final int FORGOTTEN_HIGH_WATER = 4096;

    private final SftpClient client;
    private final RawSftpClient raw;
    private final Duration timeout;
    private final String where;
    private final Map<String, byte[]> extensions;
    private final ConcurrentLinkedQueue<Integer> forgotten = new ConcurrentLinkedQueue<>();
    private final AtomicInteger forgottenCount = new AtomicInteger();
    private final ReentrantLock reaping = new ReentrantLock();
    private final long maxReadLength;
    private final long maxWriteLength;
    private volatile boolean broken;

    /** A reply: its packet type and the buffer positioned after the request id. */
    record Reply(int type, Buffer buffer) {
    }

    private SftpChannel(SftpClient client, Duration timeout, String where) throws IOException {
        this.client = client;
        this.raw = (RawSftpClient) client;
        this.timeout = timeout;
        this.where = where;
        this.extensions = new TreeMap<>(client.getServerExtensions());
        long[] limits = extensions.containsKey(EXT_LIMITS) ? queryLimits() : null;
        this.maxReadLength = limits != null && limits[1] > 0 ? limits[1] : OPENSSH_MAX_IO;
        this.maxWriteLength = limits != null && limits[2] > 0 ? limits[2] : OPENSSH_MAX_IO;
    }

    /** Opens the {@code sftp} subsystem on a session and settles on protocol version 3. */
    static SftpChannel open(ClientSession session, Duration timeout, String where) throws SshException {
        SftpClient c;
        try {
            c = SftpClientFactory.instance().createSftpClient(session, SftpVersionSelector.fixedVersionSelector(3));
        } catch (IOException | RuntimeException e) {
            if (!session.isOpen()) {
                throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "connection to " + where + " closed", e);
            }
            throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "cannot start SFTP on " + where + ": "
                    + e.getMessage(), e);
        }
        try {
            if (c.getVersion() != 3) {
                throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "the SFTP server of " + where
                        + " settled on version " + c.getVersion() + "; only version 3 is supported");
            }
            return new SftpChannel(c, timeout, where);
        } catch (IOException | RuntimeException e) {
            try {
                c.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof SshException se) {
                throw se;
            }
            throw new SshException(SshErrorCode.SSH_SFTP_UNAVAILABLE, "SFTP on " + where + " failed: " + e.getMessage(), e);
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
        return !broken && client.isOpen();
    }

    /** A request buffer with room for MINA to prefix the header without copying. */
    static Buffer request(int payloadSize) {
        ByteArrayBuffer b = new ByteArrayBuffer(HEADROOM + Math.max(payloadSize, 16), false);
        b.rpos(HEADROOM);
        b.wpos(HEADROOM);
        return b;
    }

    static Buffer pathRequest(String path) {
        Buffer b = request(4 + path.length() * 3);
        b.putString(path);
        return b;
    }

    static Buffer handleRequest(byte[] handle) {
        Buffer b = request(4 + handle.length);
        b.putBytes(handle);
        return b;
    }

    int send(int type, Buffer payload) throws IOException {
        if (broken) {
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where + " is broken");
        }
        reapForgotten();
        try {
            return raw.send(type, payload);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    Reply await(int id) throws IOException {
        Buffer b;
        try {
            b = raw.receive(id, timeout);
        } catch (IOException e) {
            throw lost(e);
        }
        if (b == null) {
            broken = true;
            throw new SshException(SshErrorCode.SSH_CONNECTION_LOST, "no SFTP reply from " + where + " within " + timeout);
        }
        b.getInt(); // length
        int type = b.getUByte();
        b.getInt(); // id, matched by MINA
        return new Reply(type, b);
    }

    /** The reply if it has arrived, else null (without waiting). */
    Reply poll(int id) throws IOException {
        Buffer b;
        try {
            b = raw.receive(id, Duration.ZERO);
        } catch (IOException e) {
            throw lost(e);
        }
        if (b == null) {
            return null;
        }
        b.getInt();
        int type = b.getUByte();
        b.getInt();
        return new Reply(type, b);
    }

    /** Sends and waits. */
    Reply call(int type, Buffer payload) throws IOException {
        return await(send(type, payload));
    }

    /** Drops interest in a reply; it is collected later without blocking anyone. */
    void forget(int id) {
        forgotten.add(id);
        forgottenCount.incrementAndGet();
    }

    private void reapForgotten() throws IOException {
        if (forgottenCount.get() == 0 || !reaping.tryLock()) {
            return;
        }
        try {
            Integer id;
            while ((id = forgotten.peek()) != null) {
                Buffer b = raw.receive(id, Duration.ZERO);
                if (b == null) {
                    if (forgottenCount.get() < FORGOTTEN_HIGH_WATER) {
                        return;
                    }
                    b = raw.receive(id, timeout); // too many unanswered: wait for the oldest
                    if (b == null) {
                        broken = true;
                        throw new SshException(SshErrorCode.SSH_CONNECTION_LOST,
                                "no SFTP reply from " + where + " within " + timeout);
                    }
                }
                forgotten.poll();
                forgottenCount.decrementAndGet();
            }
        } catch (IOException e) {
            throw lost(e);
        } finally {
            reaping.unlock();
        }
    }

    private IOException lost(IOException e) {
        if (e instanceof SshException) {
            return e;
        }
        broken = true;
        return new SshException(SshErrorCode.SSH_CONNECTION_LOST, "SFTP channel to " + where + " failed: " + e.getMessage(), e);
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
        return b.getString();
    }

    // ---- requests used in several places

    void closeHandleLater(byte[] handle) throws IOException {
        forget(send(FXP_CLOSE, handleRequest(handle)));
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

    /** limits@openssh.com: max packet, read, write lengths and open handles (0 = unknown). */
    private long[] queryLimits() throws IOException {
        Reply r = await(sendExtended(EXT_LIMITS, plainBuffer()));
        if (r.type() != FXP_EXTENDED_REPLY) {
            return null;
        }
        Buffer b = r.buffer();
        return new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong()};
    }

    @Override
    public void close() throws IOException {
        broken = true;
        client.close();
    }

    @Override
    public String toString() {
        return "SftpChannel[" + where + "]";
    }
}
