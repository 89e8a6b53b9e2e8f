package io.strata.engine.codec;

import java.util.Arrays;

/**
 * Reads format primitives. Every read is bounds-checked: malformed input raises
 * {@link MalformedEncodingException}, never an index error or an absurd allocation.
 */
public final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteReader(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    private void need(long n) {
        if (n < 0 || pos + n > end) {
            throw new MalformedEncodingException("truncated encoding at byte " + pos);
        }
    }

    public int u8() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new MalformedEncodingException("varint longer than 10 bytes at byte " + pos);
    }

    /** A varint that must fit a non-negative int (lengths, counts). */
    public int length() {
        long v = varint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new MalformedEncodingException("length out of range: " + v);
        }
        return (int) v;
    }

    public long svarint() {
        long v = varint();
        return (v >>> 1) ^ -(v & 1);
    }

    public int u32le() {
        need(4);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public byte[] raw(int n) {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public byte[] bytes() {
        return raw(length());
    }

    public String string() {
        int n = length();
        need(n);
        String s = LosslessUtf8.decode(buf, pos, n); // bytes that are not UTF-8 (a file name's) kept
        pos += n;
        return s;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int remaining() {
        return end - pos;
    }
}
