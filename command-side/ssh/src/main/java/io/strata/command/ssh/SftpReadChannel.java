package io.strata.command.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * Reads one remote file from its start with several READ requests in flight, so a file costs
 * about one round trip plus its transfer time however small its reads are.
 *
 * <p>With the size known from the LSTAT sent with the OPEN, the requests cover exactly
 * {@code [0, size)} and one more READ at {@code size} confirms the end in the same round trip.
 * A file that grew is read on until the server reports the end; a short reply (a server serving
 * less than asked, a file that shrank) is followed by a request for the missing part before
 * anything after it is used, so the bytes returned are always contiguous.
 *
 * <p>One reader at a time (the engine's contract); a {@link #close} from another thread waits for
 * a read in progress to return.
 */
final class SftpReadChannel implements ReadableByteChannel {
    private record Pending(int id, long offset, int length, boolean permit) {
    }

    private final SftpChannel ch;
    private final String path;
    private final byte[] handle;
    private final int readSize;
    private final int maxInFlight;
    private final Semaphore budget;
    private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();

    private long knownSize;
    private boolean probeSent;
    private long nextOffset;
    private boolean endSeen;
    private boolean closed;

    private byte[] data;
    private int dataPos;
    private int dataEnd;

    SftpReadChannel(SftpChannel ch, String path, byte[] handle, long knownSize, int readSize, int maxInFlight,
            Semaphore budget) {
        this.ch = ch;
        this.path = path;
        this.handle = handle;
        this.knownSize = knownSize;
        this.readSize = readSize;
        this.maxInFlight = maxInFlight;
        this.budget = budget;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int total = 0;
        try {
            while (dst.hasRemaining()) {
                if (dataPos < dataEnd) {
                    int n = Math.min(dst.remaining(), dataEnd - dataPos);
                    dst.put(data, dataPos, n);
                    dataPos += n;
                    total += n;
                    continue;
                }
                topUp();
                Pending head = inFlight.peek();
                if (head == null) {
                    return total > 0 ? total : -1; // the end was seen and everything before it consumed
                }
                SftpChannel.Reply r;
                if (total > 0) {
                    r = ch.poll(head.id()); // more if it is already here, else return what we have
                    if (r == null) {
                        break;
                    }
                } else {
                    r = ch.await(head.id());
                }
                inFlight.poll();
                if (head.permit()) {
                    budget.release();
                }
                accept(head, r);
            }
            topUp();
            return total;
        } catch (IOException e) {
            abandon();
            throw e;
        }
    }

    private void accept(Pending p, SftpChannel.Reply r) throws IOException {
        if (r.type() == SftpChannel.FXP_DATA) {
            Buffer b = r.buffer();
            int len = b.getInt();
            if (len > p.length() || len > b.available()) {
                throw new SshException(SshErrorCode.SSH_PROTOCOL_ERROR,
                        "read " + path + ": server sent " + len + " bytes for a request of " + p.length());
            }
            data = b.array();
            dataPos = b.rpos();
            dataEnd = dataPos + len;
            if (len < p.length()) {
                // a short read: fetch the rest of this range before any later range is used
                long gapOffset = p.offset() + len;
                int gapLength = p.length() - len;
                if (len == 0) {
                    throw new SshException(SshErrorCode.SSH_PROTOCOL_ERROR, "read " + path + ": empty DATA reply");
                }
                inFlight.addFirst(new Pending(ch.send(SftpChannel.FXP_READ, readRequest(gapOffset, gapLength)),
                        gapOffset, gapLength, false));
            }
            if (knownSize >= 0 && p.offset() >= knownSize) {
                knownSize = -1; // the file grew past the size seen at open: read on to the end
            }
            return;
        }
        int code = SftpChannel.statusCode(r);
        if (code == SftpChannel.FX_EOF) {
            endSeen = true;
            // everything still in flight lies beyond the end
            for (Pending later; (later = inFlight.poll()) != null; ) {
                ch.forget(later.id());
                if (later.permit()) {
                    budget.release();
                }
            }
            data = null;
            dataPos = dataEnd = 0;
            return;
        }
        throw SftpChannel.unexpected(r, "read", path);
    }

    /** Keeps the pipeline full: requests up to the known size, then one probe for the end. */
    private void topUp() throws IOException {
        boolean queued = false;
        try {
            queued = queueReads();
        } finally {
            if (queued) {
                ch.flush(); // all new READs in as few SSH packets as fit
            }
        }
    }

    private boolean queueReads() throws IOException {
        boolean queued = false;
        while (!endSeen && inFlight.size() < maxInFlight) {
            int length;
            if (knownSize >= 0 && nextOffset >= knownSize) {
                if (probeSent) {
                    return queued;
                }
                length = readSize; // confirms the end, or starts reading what was appended
            } else if (knownSize >= 0) {
                length = (int) Math.min(readSize, knownSize - nextOffset);
            } else {
                length = readSize;
            }
            boolean permit = !inFlight.isEmpty();
            if (permit && !budget.tryAcquire()) {
                return queued;
            }
            int id;
            try {
                id = ch.queue(SftpChannel.FXP_READ, readRequest(nextOffset, length));
                queued = true;
            } catch (IOException e) {
                if (permit) {
                    budget.release();
                }
                throw e;
            }
            if (knownSize >= 0 && nextOffset >= knownSize) {
                probeSent = true;
            }
            inFlight.add(new Pending(id, nextOffset, length, permit));
            nextOffset += length;
        }
        return queued;
    }

    private Buffer readRequest(long offset, int length) {
        Buffer b = SftpChannel.request(4 + handle.length + 12);
        b.putBytes(handle);
        b.putLong(offset);
        b.putInt(length);
        return b;
    }

    private void abandon() {
        for (Pending p; (p = inFlight.poll()) != null; ) {
            ch.forget(p.id());
            if (p.permit()) {
                budget.release();
            }
        }
        endSeen = true;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /** Releases the server's handle without waiting for its answer. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        abandon();
        data = null;
        if (ch.isOpen()) {
            ch.closeHandleLater(handle);
        }
    }
}
