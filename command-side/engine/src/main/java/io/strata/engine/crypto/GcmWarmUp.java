package io.strata.engine.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import javax.crypto.spec.SecretKeySpec;

/**
 * Brings the JDK's AES-GCM onto the processor's instructions before a long-running process has data to encrypt.
 *
 * <p>AES-GCM runs on the AES and carry-less multiply instructions only from code the C2 compiler made: the JDK's
 * bulk method ({@code GaloisCounterMode.implGCMCrypt}) calls the intrinsic once its caller is compiled, and until
 * then runs a Java fallback at 30-100 MB/s against several GB/s after. With HotSpot's default thresholds that takes
 * about a thousand 64 KiB segments per direction: a process starting without flags (the platform's node) sealed
 * its first 64 MB of packs and opened the first 64 MB it read back through the fallback, and so did the SSH
 * transport for its first thousand packets each way: together about a CPU-second of its first jobs (a thousand
 * 64 KiB seals took 0.43 s in a fresh JVM, the next thousand 0.02 s). The CLI's own JVM is started with a lower
 * threshold for that method instead (its runs are short).
 *
 * <p>{@link #run} seals and opens {@value #MESSAGE}-byte messages under a throwaway key, through {@link SegmentedGcm},
 * whose calls ({@code init}, {@code updateAAD}, {@code doFinal} over arrays) are the ones the SSH transport makes
 * too, until a {@value #PROBE}-byte seal and open each take less than {@value #FAST_NANOS} ns (about 800 MB/s), or
 * until the limit passes (a processor without the instructions never gets there). {@value #MESSAGE} bytes is the
 * shortest input the bulk method takes: what makes the compiler take it up is how often its callers are called, and
 * at this length their profiles show the bulk branch taken, which the compiler would otherwise leave out of their
 * code until a real message sent them back to the interpreter. Measured on a 2-core AMD EPYC (seal and open of
 * 64 KiB): 4.4 ms before, 0.33 ms from the C1 compiler's code (which a looser bound took for the end), 0.07-0.11 ms
 * after; about 0.2 CPU-seconds in all.
 */
public final class GcmWarmUp {
    /** The JDK's {@code PARALLEL_LEN}: shorter inputs do not reach the bulk method. */
    static final int MESSAGE = 512;
    static final int PROBE = SegmentedGcm.SEGMENT;
    static final long FAST_NANOS = 80_000;
    /** Messages between two probes: about 50 ms of the fallback. */
    static final int ROUND = 1_000;

    private GcmWarmUp() {
    }

    /**
     * Runs until AES-GCM is fast in both directions or {@code limit} has passed; on the calling thread.
     *
     * @return whether it got fast within the limit
     */
    public static boolean run(Duration limit) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        SegmentedGcm gcm = new SegmentedGcm(new SecretKeySpec(key, "AES"), random);
        byte[] message = new byte[MESSAGE];
        byte[] probe = new byte[PROBE];
        long deadline = System.nanoTime() + limit.toNanos();
        try {
            do {
                for (int i = 0; i < ROUND; i++) {
                    gcm.open(gcm.seal(message));
                }
                if (fast(gcm, probe)) {
                    return true;
                }
            } while (System.nanoTime() - deadline < 0);
        } catch (AuthenticationFailedException e) {
            throw new IllegalStateException("AES-GCM did not open what it sealed", e);
        }
        return false;
    }

    private static boolean fast(SegmentedGcm gcm, byte[] probe) throws AuthenticationFailedException {
        long start = System.nanoTime();
        byte[] sealed = gcm.seal(probe);
        long sealedAt = System.nanoTime();
        gcm.open(sealed);
        long openedAt = System.nanoTime();
        return sealedAt - start < FAST_NANOS && openedAt - sealedAt < FAST_NANOS;
    }
}
