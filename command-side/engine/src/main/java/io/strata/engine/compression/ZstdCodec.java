package io.strata.engine.compression;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.util.Arrays;

/** zstd at a fixed level; thread-safe (each thread has its own contexts). */
public final class ZstdCodec {
    /**
     * Level 1: on the Linux 6.1 tree (1.3 GB, one frame per file or 1 MiB) it compresses to 20.7% at
     * 280 MB/s per core, level 3 to 19.8% at 200 MB/s; compression is the backup's largest CPU cost,
     * and level 1 still stays within 2% of restic's repository size. Recorded in the config.
     */
    public static final int DEFAULT_LEVEL = 1;
    private static final int SAMPLE = 32 * 1024;

    private final int level;
    private final ThreadLocal<ZstdCompressCtx> compressors;
    private final ThreadLocal<ZstdCompressCtx> samplers;
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(ZstdDecompressCtx::new);
    private static final ThreadLocal<byte[][]> BUFFERS = ThreadLocal.withInitial(() -> new byte[1][0]);

    public ZstdCodec(int level) {
        this.level = level;
        this.compressors = ThreadLocal.withInitial(() -> {
            ZstdCompressCtx c = new ZstdCompressCtx();
            c.setLevel(level);
            return c;
        });
        this.samplers = ThreadLocal.withInitial(() -> {
            ZstdCompressCtx c = new ZstdCompressCtx();
            c.setLevel(1);
            return c;
        });
    }

    public int level() {
        return level;
    }

    /** A compressed result in a per-thread buffer: valid until this thread's next call. */
    public record Compressed(byte[] buffer, int length) {
    }

    /**
     * Compresses {@code src[off..off+len)} if that saves at least 1/32 of it; returns null when it
     * would not (the caller stores the raw bytes). Large payloads whose first 32 KiB do not
     * compress at level 1 are not tried in full.
     */
    public Compressed compressIfSmaller(byte[] src, int off, int len) {
        if (len < 64) {
            return null;
        }
        byte[][] holder = BUFFERS.get();
        int bound = (int) Zstd.compressBound(len);
        if (holder[0].length < bound) {
            holder[0] = new byte[Math.max(bound, 64 * 1024)];
        }
        byte[] dst = holder[0];
        if (len > 4 * SAMPLE) {
            int n = samplers.get().compressByteArray(dst, 0, dst.length, src, off, SAMPLE);
            if (n > SAMPLE - SAMPLE / 16) {
                return null;
            }
        }
        int n = compressors.get().compressByteArray(dst, 0, dst.length, src, off, len);
        if (n >= len - len / 32) {
            return null;
        }
        return new Compressed(dst, n);
    }

    /** Decompresses exactly {@code rawLength} bytes; throws {@link IllegalArgumentException} on malformed input. */
    public static byte[] decompress(byte[] src, int off, int len, int rawLength) {
        byte[] out = new byte[rawLength];
        decompressInto(src, off, len, out, rawLength);
        return out;
    }

    /**
     * Decompresses exactly {@code rawLength} bytes into {@code dst} from offset 0 (which must hold
     * them); throws {@link IllegalArgumentException} on malformed input. Lets hot paths reuse one
     * output buffer instead of allocating (and zeroing) a fresh array per blob.
     */
    public static void decompressInto(byte[] src, int off, int len, byte[] dst, int rawLength) {
        int n;
        try {
            n = DECOMPRESSORS.get().decompressByteArray(dst, 0, rawLength, src, off, len);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("zstd decompression failed: " + e.getMessage(), e);
        }
        if (n != rawLength) {
            throw new IllegalArgumentException("zstd produced " + n + " bytes, expected " + rawLength);
        }
    }

    public static byte[] compressAll(byte[] src, int level) {
        byte[] dst = new byte[(int) Zstd.compressBound(src.length)];
        long n = Zstd.compressByteArray(dst, 0, dst.length, src, 0, src.length, level);
        if (Zstd.isError(n)) {
            throw new IllegalStateException("zstd compression failed: " + Zstd.getErrorName(n));
        }
        return Arrays.copyOf(dst, (int) n);
    }

    public static byte[] decompressAll(byte[] src, int maxSize) {
        long size = Zstd.getFrameContentSize(src);
        if (size < 0 || size > maxSize) {
            throw new IllegalArgumentException("zstd frame has no or an implausible content size: " + size);
        }
        return decompress(src, 0, src.length, (int) size);
    }
}
