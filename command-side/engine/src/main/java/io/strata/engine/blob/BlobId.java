package io.strata.engine.blob;

import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import java.util.Arrays;

/** SHA-256 of a blob's plaintext, 32 bytes. Immutable; compares by value, unsigned byte order. */
public final class BlobId implements Comparable<BlobId> {
    public static final int LENGTH = 32;
    private final byte[] bytes;
    private final int hash;

    private BlobId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = (bytes[0] & 0xFF) << 24 | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF);
    }

    public static BlobId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("blob ids are 32 bytes, got " + bytes.length);
        }
        return new BlobId(bytes.clone());
    }

    /** Wraps without copying: the caller gives up the array. */
    public static BlobId wrap(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("blob ids are 32 bytes, got " + bytes.length);
        }
        return new BlobId(bytes);
    }

    public static BlobId ofContent(byte[] data, int off, int len) {
        return new BlobId(Sha256.hash(data, off, len));
    }

    public static BlobId parse(String hex) {
        return of(Hex.decode(hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Copies the id into {@code dst} at {@code off}. */
    public void copyTo(byte[] dst, int off) {
        System.arraycopy(bytes, 0, dst, off, LENGTH);
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    public String shortHex() {
        return hex().substring(0, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlobId b && b.hash == hash && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(BlobId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
