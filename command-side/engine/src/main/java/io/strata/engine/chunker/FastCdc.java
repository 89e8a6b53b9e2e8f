package io.strata.engine.chunker;

/**
 * FastCDC cut-point search (Xia et al., 2016) with normalized chunking level 2: below the average
 * size a cut needs {@code log2(avg) + 2} zero top bits of the rolling hash, above it
 * {@code log2(avg) - 2}. No cut before {@code min}; a forced cut at {@code max}. Stateless and
 * thread-safe.
 */
public final class FastCdc {
    private final long[] gear;
    private final ChunkerParameters params;
    private final long maskSmall;
    private final long maskLarge;

    public FastCdc(GearTable table, ChunkerParameters params) {
        this.gear = table.values();
        this.params = params;
        int bits = Integer.numberOfTrailingZeros(params.avg());
        this.maskSmall = -1L << (64 - (bits + 2));
        this.maskLarge = -1L << (64 - (bits - 2));
    }

    public ChunkerParameters parameters() {
        return params;
    }

    /**
     * Length of the next chunk of {@code buf[off .. off+len)}. The caller passes at least
     * {@code max} bytes unless the data ends sooner; the result is then a final cut point.
     */
    public int cut(byte[] buf, int off, int len) {
        if (len <= params.min()) {
            return len;
        }
        int end = Math.min(len, params.max());
        int normal = Math.min(end, params.avg());
        long h = 0;
        long[] g = gear;
        int i = params.min();
        long ms = maskSmall;
        for (; i < normal; i++) {
            h = (h << 1) + g[buf[off + i] & 0xFF];
            if ((h & ms) == 0) {
                return i + 1;
            }
        }
        long ml = maskLarge;
        for (; i < end; i++) {
            h = (h << 1) + g[buf[off + i] & 0xFF];
            if ((h & ml) == 0) {
                return i + 1;
            }
        }
        return end;
    }
}
