package io.strata.engine.chunker;

import io.strata.engine.crypto.Sha256;

/** 256 pseudo-random 64-bit values: {@code gear[i]} = first 8 bytes of SHA-256(seed || i). */
public final class GearTable {
    private final long[] values = new long[256];

    public GearTable(byte[] seed) {
        byte[] in = new byte[seed.length + 1];
        System.arraycopy(seed, 0, in, 0, seed.length);
        for (int i = 0; i < 256; i++) {
            in[seed.length] = (byte) i;
            byte[] h = Sha256.hash(in);
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v = (v << 8) | (h[k] & 0xFF);
            }
            values[i] = v;
        }
    }

    long[] values() {
        return values;
    }
}
