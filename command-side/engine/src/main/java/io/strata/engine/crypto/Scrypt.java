package io.strata.engine.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * scrypt as RFC 7914 defines it: PBKDF2-HMAC-SHA256 with one iteration around ROMix over
 * Salsa20/8 BlockMix.
 *
 * <p>Written for a short-lived process: every CLI command derives one key and exits, so the time
 * before the JIT has compiled the mixing loop counts as much as the steady state. The Salsa20/8
 * core works on sixteen locals inside one small method that the loops call millions of times,
 * which the JIT compiles within the first few thousand calls; the memory {@code V} is one flat
 * {@code int[]} per lane ({@code N × 32r} ints, 64 MiB for N = 2^16, r = 8), and no array is
 * allocated inside the loops. Lanes (p) are independent, so they are mixed on up to one thread per
 * processor: p = 2 costs the time of one lane on two cores.
 */
public final class Scrypt {
    private Scrypt() {
    }

    /**
     * Derives {@code dkLen} bytes.
     *
     * @throws IllegalArgumentException if N is not a power of two above 1, r or p is below 1, or
     *     the memory N × 128 × r does not fit one Java array
     */
    public static byte[] derive(byte[] password, byte[] salt, int n, int r, int p, int dkLen) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("scrypt N must be a power of two above 1, got " + n);
        }
        if (r < 1 || p < 1 || dkLen < 1) {
            throw new IllegalArgumentException("scrypt r, p and the key length must be positive");
        }
        int blockInts = 32 * r;
        if ((long) n * blockInts > Integer.MAX_VALUE - 8 || (long) p * blockInts * 4 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("scrypt memory N × 128 × r (or p × 128 × r) is too large");
        }
        byte[] b = pbkdf2Sha256(password, salt, p * blockInts * 4);
        int threads = Math.min(p, Runtime.getRuntime().availableProcessors());
        if (threads == 1) {
            mixLanes(b, 0, 1, n, r, p);
        } else {
            // lanes are independent (RFC 7914 section 6): thread t mixes lanes t, t + threads, ...
            // each with its own N × 128 × r bytes, so memory grows with the threads, not with p
            Thread[] workers = new Thread[threads - 1];
            Throwable[] failure = new Throwable[threads];
            for (int t = 1; t < threads; t++) {
                int first = t;
                workers[t - 1] = Thread.ofPlatform().name("strata-scrypt-" + t).start(() -> {
                    try {
                        mixLanes(b, first, threads, n, r, p);
                    } catch (RuntimeException | Error e) {
                        failure[first] = e; // rethrown by the calling thread
                    }
                });
            }
            mixLanes(b, 0, threads, n, r, p);
            for (Thread w : workers) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while deriving a key", e);
                }
            }
            for (Throwable f : failure) {
                if (f instanceof RuntimeException re) {
                    throw re;
                }
                if (f instanceof Error e) {
                    throw e;
                }
            }
        }
        return pbkdf2Sha256(password, b, dkLen);
    }

    /** Mixes lanes {@code first}, {@code first + step}, ... of {@code b} in place with ROMix. */
    private static void mixLanes(byte[] b, int first, int step, int n, int r, int p) {
        int blockInts = 32 * r;
        int[] v = new int[n * blockInts];
        int[] x = new int[blockInts];
        int[] y = new int[blockInts];
        for (int lane = first; lane < p; lane += step) {
            int off = lane * blockInts * 4;
            for (int i = 0; i < blockInts; i++) {
                x[i] = littleEndian(b, off + 4 * i);
            }
            roMix(x, y, v, n, r);
            for (int i = 0; i < blockInts; i++) {
                putLittleEndian(x[i], b, off + 4 * i);
            }
        }
    }

    /** ROMix: fills V with successive BlockMix outputs, then mixes in N data-dependent blocks of it. */
    private static void roMix(int[] x, int[] y, int[] v, int n, int r) {
        int blockInts = 32 * r;
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, 0, v, i * blockInts, blockInts);
            blockMix(x, y, r);
        }
        int last = (2 * r - 1) * 16;
        for (int i = 0; i < n; i++) {
            int j = x[last] & (n - 1); // Integerify: the low 32 bits of the last 64-byte block suffice, N < 2^32
            int base = j * blockInts;
            for (int k = 0; k < blockInts; k++) {
                x[k] ^= v[base + k];
            }
            blockMix(x, y, r);
        }
    }

    /** BlockMix with Salsa20/8 on B = x (2r blocks of 16 ints); y is scratch; the result is left in x. */
    private static void blockMix(int[] x, int[] y, int r) {
        int t = (2 * r - 1) * 16;
        int x0 = x[t], x1 = x[t + 1], x2 = x[t + 2], x3 = x[t + 3], x4 = x[t + 4], x5 = x[t + 5], x6 = x[t + 6],
                x7 = x[t + 7], x8 = x[t + 8], x9 = x[t + 9], x10 = x[t + 10], x11 = x[t + 11], x12 = x[t + 12],
                x13 = x[t + 13], x14 = x[t + 14], x15 = x[t + 15];
        for (int i = 0; i < 2 * r; i++) {
            int s = i * 16;
            x0 ^= x[s];
            x1 ^= x[s + 1];
            x2 ^= x[s + 2];
            x3 ^= x[s + 3];
            x4 ^= x[s + 4];
            x5 ^= x[s + 5];
            x6 ^= x[s + 6];
            x7 ^= x[s + 7];
            x8 ^= x[s + 8];
            x9 ^= x[s + 9];
            x10 ^= x[s + 10];
            x11 ^= x[s + 11];
            x12 ^= x[s + 12];
            x13 ^= x[s + 13];
            x14 ^= x[s + 14];
            x15 ^= x[s + 15];
            int a0 = x0, a1 = x1, a2 = x2, a3 = x3, a4 = x4, a5 = x5, a6 = x6, a7 = x7, a8 = x8, a9 = x9, a10 = x10,
                    a11 = x11, a12 = x12, a13 = x13, a14 = x14, a15 = x15;
            for (int round = 0; round < 8; round += 2) {
                a4 ^= Integer.rotateLeft(a0 + a12, 7);
                a8 ^= Integer.rotateLeft(a4 + a0, 9);
                a12 ^= Integer.rotateLeft(a8 + a4, 13);
                a0 ^= Integer.rotateLeft(a12 + a8, 18);
                a9 ^= Integer.rotateLeft(a5 + a1, 7);
                a13 ^= Integer.rotateLeft(a9 + a5, 9);
                a1 ^= Integer.rotateLeft(a13 + a9, 13);
                a5 ^= Integer.rotateLeft(a1 + a13, 18);
                a14 ^= Integer.rotateLeft(a10 + a6, 7);
                a2 ^= Integer.rotateLeft(a14 + a10, 9);
                a6 ^= Integer.rotateLeft(a2 + a14, 13);
                a10 ^= Integer.rotateLeft(a6 + a2, 18);
                a3 ^= Integer.rotateLeft(a15 + a11, 7);
                a7 ^= Integer.rotateLeft(a3 + a15, 9);
                a11 ^= Integer.rotateLeft(a7 + a3, 13);
                a15 ^= Integer.rotateLeft(a11 + a7, 18);
                a1 ^= Integer.rotateLeft(a0 + a3, 7);
                a2 ^= Integer.rotateLeft(a1 + a0, 9);
                a3 ^= Integer.rotateLeft(a2 + a1, 13);
                a0 ^= Integer.rotateLeft(a3 + a2, 18);
                a6 ^= Integer.rotateLeft(a5 + a4, 7);
                a7 ^= Integer.rotateLeft(a6 + a5, 9);
                a4 ^= Integer.rotateLeft(a7 + a6, 13);
                a5 ^= Integer.rotateLeft(a4 + a7, 18);
                a11 ^= Integer.rotateLeft(a10 + a9, 7);
                a8 ^= Integer.rotateLeft(a11 + a10, 9);
                a9 ^= Integer.rotateLeft(a8 + a11, 13);
                a10 ^= Integer.rotateLeft(a9 + a8, 18);
                a12 ^= Integer.rotateLeft(a15 + a14, 7);
                a13 ^= Integer.rotateLeft(a12 + a15, 9);
                a14 ^= Integer.rotateLeft(a13 + a12, 13);
                a15 ^= Integer.rotateLeft(a14 + a13, 18);
            }
            x0 += a0;
            x1 += a1;
            x2 += a2;
            x3 += a3;
            x4 += a4;
            x5 += a5;
            x6 += a6;
            x7 += a7;
            x8 += a8;
            x9 += a9;
            x10 += a10;
            x11 += a11;
            x12 += a12;
            x13 += a13;
            x14 += a14;
            x15 += a15;
            // Y_i goes to position i/2 (even i) or r + i/2 (odd i) of the output
            int d = ((i & 1) == 0 ? i >>> 1 : r + (i >>> 1)) * 16;
            y[d] = x0;
            y[d + 1] = x1;
            y[d + 2] = x2;
            y[d + 3] = x3;
            y[d + 4] = x4;
            y[d + 5] = x5;
            y[d + 6] = x6;
            y[d + 7] = x7;
            y[d + 8] = x8;
            y[d + 9] = x9;
            y[d + 10] = x10;
            y[d + 11] = x11;
            y[d + 12] = x12;
            y[d + 13] = x13;
            y[d + 14] = x14;
            y[d + 15] = x15;
        }
        System.arraycopy(y, 0, x, 0, 32 * r);
    }

    /** PBKDF2-HMAC-SHA256 with one iteration, as scrypt uses it. */
    private static byte[] pbkdf2Sha256(byte[] password, byte[] salt, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // SecretKeySpec refuses an empty key; HMAC pads short keys with zeros, so one zero byte is the same key
            mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] counter = new byte[4];
            for (int block = 1, pos = 0; pos < length; block++, pos += 32) {
                counter[0] = (byte) (block >>> 24);
                counter[1] = (byte) (block >>> 16);
                counter[2] = (byte) (block >>> 8);
                counter[3] = (byte) block;
                mac.update(salt);
                mac.update(counter);
                byte[] u = mac.doFinal();
                System.arraycopy(u, 0, out, pos, Math.min(32, length - pos));
            }
            return out;
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 refused the password as key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static int littleEndian(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    private static void putLittleEndian(int v, byte[] b, int off) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
