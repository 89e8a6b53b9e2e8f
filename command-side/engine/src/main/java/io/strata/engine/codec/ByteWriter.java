package io.strata.engine.codec;

import java.util.Arrays;

/** Appends format primitives to a growable byte array. Not thread-safe. */
public final class ByteWriter {
    private byte[] buf;
    private int len;

    public ByteWriter() {
        this(256);
    }

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
        }
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    /** Unsigned LEB128; negative values are written as their two's complement 64-bit pattern. */
    public ByteWriter varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[len++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[len++] = (byte) v;
        return this;
    }

    /** Zig-zag signed varint, for values that may be negative (times before 1970). */
    public ByteWriter svarint(long v) {
        return varint((v << 1) ^ (v >> 63));
    }

    public ByteWriter u32le(int v) {
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
        return this;
    }

    public ByteWriter raw(byte[] b) {
        return raw(b, 0, b.length);
    }

    public ByteWriter raw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Length-prefixed bytes. */
    public ByteWriter bytes(byte[] b) {
        varint(b.length);
        return raw(b);
    }

    /** Length-prefixed UTF-8, with bytes escaped by {@link LosslessUtf8} put back as they were. */
    public ByteWriter string(String s) {
        return bytes(LosslessUtf8.encode(s));
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}
