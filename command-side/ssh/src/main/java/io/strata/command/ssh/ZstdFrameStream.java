package io.strata.command.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly one zstd frame of a longer stream, byte for byte, and not one byte more: the frame's
 * structure (RFC 8878: header, block headers with their sizes, optional checksum) is followed as
 * the bytes pass, so a decompressor reading from here sees the end of the stream where the frame
 * ends and whatever follows it stays unread in the underlying stream. Skippable frames and
 * reserved block types are refused ({@link IOException}), as is a stream that ends inside the frame.
 */
final class ZstdFrameStream extends InputStream {
    private static final int MAGIC = 0xFD2FB528;
    /** The largest block RFC 8878 allows (Block_Maximum_Size is at most 128 KiB). */
    private static final int MAX_BLOCK = 128 * 1024;

    private enum Next { HEADER, BLOCK_HEADER, DONE }

    private final InputStream in;
    /** Structure bytes read from {@link #in} and not yet handed on. */
    private final byte[] pending = new byte[18];
    private int pendingPos;
    private int pendingLen;
    /** Bytes of the current block body (or checksum) still to hand on. */
    private long body;
    private Next next = Next.HEADER;
    private boolean checksum;

    ZstdFrameStream(InputStream in) {
        this.in = in;
    }

    /** Whether the whole frame has been read. */
    boolean finished() {
        return next == Next.DONE && body == 0 && pendingPos == pendingLen;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (pendingPos < pendingLen) {
                int n = Math.min(len, pendingLen - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                return n;
            }
            if (body > 0) {
                int n = in.read(b, off, (int) Math.min(len, body));
                if (n < 0) {
                    throw new EOFException("the zstd stream ended inside a frame");
                }
                body -= n;
                return n;
            }
            switch (next) {
                case HEADER -> header();
                case BLOCK_HEADER -> blockHeader();
                case DONE -> {
                    return -1;
                }
            }
        }
    }

    private void header() throws IOException {
        // byte by byte: what is not a frame (e.g. a short status line where the frame should be)
        // is refused at its first wrong byte, without waiting for more that may never come
        pendingPos = 0;
        pendingLen = 0;
        for (int i = 0; i < 4; i++) {
            fillMore(1);
            if ((pending[i] & 0xff) != (MAGIC >>> (8 * i) & 0xff)) {
                throw new IOException(String.format("not a zstd frame (byte %d is %02x)", i, pending[i] & 0xff));
            }
        }
        fillMore(1);
        int descriptor = pending[4] & 0xff;
        if ((descriptor & 0x08) != 0) {
            throw new IOException("zstd frame header has its reserved bit set");
        }
        boolean singleSegment = (descriptor & 0x20) != 0;
        checksum = (descriptor & 0x04) != 0;
        int dictionaryIdBytes = new int[] {0, 1, 2, 4}[descriptor & 0x03];
        int contentSizeBytes = switch (descriptor >>> 6) {
            case 0 -> singleSegment ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
        fillMore((singleSegment ? 0 : 1) + dictionaryIdBytes + contentSizeBytes);
        next = Next.BLOCK_HEADER;
    }

    private void blockHeader() throws IOException {
        fill(3);
        int h = (pending[0] & 0xff) | (pending[1] & 0xff) << 8 | (pending[2] & 0xff) << 16;
        boolean lastBlock = (h & 1) != 0;
        int type = (h >>> 1) & 3;
        int size = h >>> 3;
        if (type == 3) {
            throw new IOException("zstd block of the reserved type");
        }
        if (size > MAX_BLOCK) {
            throw new IOException("zstd block of " + size + " bytes, more than a block may hold");
        }
        body = type == 1 ? 1 : size; // an RLE block stores one byte
        if (lastBlock) {
            body += checksum ? 4 : 0;
            next = Next.DONE;
        }
    }

    /** Reads exactly {@code n} structure bytes into an empty {@link #pending}. */
    private void fill(int n) throws IOException {
        pendingPos = 0;
        pendingLen = 0;
        fillMore(n);
    }

    private void fillMore(int n) throws IOException {
        int end = pendingLen + n;
        while (pendingLen < end) {
            int r = in.read(pending, pendingLen, end - pendingLen);
            if (r < 0) {
                throw new EOFException(pendingLen == 0 && next == Next.HEADER
                        ? "the stream ended before a zstd frame" : "the zstd stream ended inside a frame");
            }
            pendingLen += r;
        }
    }
}
