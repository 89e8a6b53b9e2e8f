package io.strata.engine.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The encryption envelope of every blob and object: AES-256-GCM over segments of at most
 * {@value #SEGMENT} plaintext bytes.
 *
 * <p>Layout: {@code nonce(12) || ct_0 || tag_0 || ct_1 || tag_1 ...}. A message of n bytes has
 * {@code max(1, ceil(n / SEGMENT))} segments, each full except the last. Segment i uses the base
 * nonce with its last four bytes XORed with i (big-endian), and the one-byte additional data
 * {@code 1} for the last segment, {@code 0} for the others, so segments cannot be reordered,
 * dropped or cut off without failing authentication. The base nonce is 96 random bits per message.
 *
 * <p>Why segments: the JDK's GCM intrinsics run at GB/s on messages of tens of KiB, while single
 * calls over MiB-sized messages are an order of magnitude slower, and decryption buffers a whole
 * message before checking its tag.
 */
public final class SegmentedGcm {
    public static final int SEGMENT = 64 * 1024;
    public static final int NONCE = 12;
    public static final int TAG = 16;
    private static final byte[] AAD_MORE = {0};
    private static final byte[] AAD_LAST = {1};
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(SegmentedGcm::newCipher);

    /** Nonces drawn from a thread's generator at once: one call per this many envelopes. */
    private static final int NONCES_PER_DRAW = 256;

    private final SecretKey key;
    private final ThreadLocal<NonceSupply> nonces;

    /**
     * @param random the injected source; each thread draws nonces from its own DRBG instance
     *     personalised with 32 bytes of it, so encryption on many threads does not contend on one
     *     generator's lock (the JDK's NativePRNG serialises every call)
     */
    public SegmentedGcm(SecretKey key, SecureRandom random) {
        this.key = key;
        this.nonces = ThreadLocal.withInitial(() -> {
            byte[] personalisation = new byte[32];
            random.nextBytes(personalisation);
            try {
                return new NonceSupply(SecureRandom.getInstance("DRBG", java.security.DrbgParameters.instantiation(256,
                        java.security.DrbgParameters.Capability.NONE, personalisation)));
            } catch (java.security.NoSuchAlgorithmException e) {
                return new NonceSupply(random);
            }
        });
    }

    /**
     * A thread's random nonces, drawn {@value #NONCES_PER_DRAW} at a time: each is still 96 bits straight from
     * the generator, used once, but the generator's per-call cost (a lock, a state update, its own hashing)
     * is paid once per draw instead of once per blob, a measurable share of a backup of small files.
     */
    private static final class NonceSupply {
        private final SecureRandom random;
        private final byte[] drawn = new byte[NONCE * NONCES_PER_DRAW];
        private int next = drawn.length;

        NonceSupply(SecureRandom random) {
            this.random = random;
        }

        void take(byte[] nonce) {
            if (next == drawn.length) {
                random.nextBytes(drawn);
                next = 0;
            }
            System.arraycopy(drawn, next, nonce, 0, NONCE);
            next += NONCE;
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/GCM", e);
        }
    }

    static int segments(int plainLength) {
        return Math.max(1, (plainLength + SEGMENT - 1) / SEGMENT);
    }

    /** Stored length of a plaintext of the given length. */
    public static int sealedLength(int plainLength) {
        return NONCE + plainLength + TAG * segments(plainLength);
    }

    /** Plaintext length for a stored length, or -1 if no plaintext length gives it. */
    public static int openedLength(int sealedLength) {
        int body = sealedLength - NONCE;
        if (body < TAG) {
            return -1;
        }
        int full = body / (SEGMENT + TAG);
        int rest = body % (SEGMENT + TAG);
        int plain;
        if (rest == 0) {
            plain = full * SEGMENT;
        } else if (rest < TAG) {
            return -1;
        } else {
            plain = full * SEGMENT + rest - TAG;
        }
        return sealedLength(plain) == sealedLength ? plain : -1;
    }

    public byte[] seal(byte[] plain) {
        return seal(plain, 0, plain.length);
    }

    public byte[] seal(byte[] plain, int off, int len) {
        byte[] out = new byte[sealedLength(len)];
        seal(plain, off, len, out, 0);
        return out;
    }

    /** Encrypts into {@code out} at {@code outOff}; returns the number of bytes written. */
    public int seal(byte[] plain, int off, int len, byte[] out, int outOff) {
        byte[] nonce = new byte[NONCE];
        nonces.get().take(nonce);
        System.arraycopy(nonce, 0, out, outOff, NONCE);
        int segs = segments(len);
        int o = outOff + NONCE;
        Cipher c = CIPHER.get();
        try {
            for (int i = 0; i < segs; i++) {
                int n = Math.min(SEGMENT, len - i * SEGMENT);
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG * 8, segmentNonce(nonce, i)));
                c.updateAAD(i == segs - 1 ? AAD_LAST : AAD_MORE);
                o += c.doFinal(plain, off + i * SEGMENT, n, out, o);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
        return o - outOff;
    }

    public byte[] open(byte[] sealed) throws AuthenticationFailedException {
        return open(sealed, 0, sealed.length);
    }

    public byte[] open(byte[] sealed, int off, int len) throws AuthenticationFailedException {
        int plainLen = openedLength(len);
        if (plainLen < 0) {
            throw new AuthenticationFailedException("ciphertext length " + len + " is impossible");
        }
        byte[] out = new byte[plainLen];
        open(sealed, off, len, out, 0);
        return out;
    }

    /** Decrypts and authenticates into {@code out}; returns the plaintext length. */
    public int open(byte[] sealed, int off, int len, byte[] out, int outOff) throws AuthenticationFailedException {
        int plainLen = openedLength(len);
        if (plainLen < 0) {
            throw new AuthenticationFailedException("ciphertext length " + len + " is impossible");
        }
        byte[] nonce = new byte[NONCE];
        System.arraycopy(sealed, off, nonce, 0, NONCE);
        int segs = segments(plainLen);
        int in = off + NONCE;
        int o = outOff;
        Cipher c = CIPHER.get();
        try {
            for (int i = 0; i < segs; i++) {
                int n = Math.min(SEGMENT, plainLen - i * SEGMENT) + TAG;
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, segmentNonce(nonce, i)));
                c.updateAAD(i == segs - 1 ? AAD_LAST : AAD_MORE);
                o += c.doFinal(sealed, in, n, out, o);
                in += n;
            }
        } catch (AEADBadTagException e) {
            throw new AuthenticationFailedException("GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
        return o - outOff;
    }

    private static byte[] segmentNonce(byte[] base, int i) {
        byte[] n = base.clone();
        n[8] ^= (byte) (i >>> 24);
        n[9] ^= (byte) (i >>> 16);
        n[10] ^= (byte) (i >>> 8);
        n[11] ^= (byte) i;
        return n;
    }
}
