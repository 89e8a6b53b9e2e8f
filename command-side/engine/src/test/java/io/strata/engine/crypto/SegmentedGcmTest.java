package io.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The segmented AES-GCM envelope: round trips at segment edges, and refuses any alteration. */
class SegmentedGcmTest {
    private final SegmentedGcm gcm = new SegmentedGcm(new SecretKeySpec(new byte[32], "AES"), new SecureRandom());

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 17, 4095, 65535, 65536, 65537, 131072, 196607, 1_000_003, 8 * 1024 * 1024})
    void roundTripsEverySizeAndTheLengthFormulasAgree(int size) throws Exception {
        byte[] plain = random(size);
        byte[] sealed = gcm.seal(plain);
        assertThat(sealed).hasSize(SegmentedGcm.sealedLength(size));
        assertThat(SegmentedGcm.openedLength(sealed.length)).isEqualTo(size);
        assertThat(gcm.open(sealed)).isEqualTo(plain);
    }

    @Test
    void sealsIntoAndOpensFromTheMiddleOfLargerBuffers() throws Exception {
        byte[] plain = random(70_000);
        byte[] out = new byte[SegmentedGcm.sealedLength(60_000) + 100];
        int n = gcm.seal(plain, 5_000, 60_000, out, 50);
        byte[] back = new byte[60_000];
        gcm.open(out, 50, n, back, 0);
        assertThat(back).isEqualTo(Arrays.copyOfRange(plain, 5_000, 65_000));
    }

    @Test
    void everyMessageGetsAFreshNonce() {
        byte[] plain = random(100);
        assertThat(gcm.seal(plain)).isNotEqualTo(gcm.seal(plain));
    }

    /** Nonces are drawn in batches per thread: across batches and threads none repeats, none is all zeros. */
    @Test
    void noncesNeverRepeatAcrossDrawsAndThreads() throws Exception {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicInteger repeats = new java.util.concurrent.atomic.AtomicInteger();
        String zeros = java.util.HexFormat.of().formatHex(new byte[SegmentedGcm.NONCE]);
        Runnable sealMany = () -> {
            for (int i = 0; i < 2_000; i++) {
                String nonce = java.util.HexFormat.of().formatHex(gcm.seal(new byte[1]), 0, SegmentedGcm.NONCE);
                if (!seen.add(nonce) || nonce.equals(zeros)) {
                    repeats.incrementAndGet();
                }
            }
        };
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(sealMany);
        }
        sealMany.run();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(repeats).hasValue(0);
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void aFlippedBitAnywhereFailsAuthentication() {
        byte[] sealed = gcm.seal(random(200_000));
        for (int pos : new int[] {0, 11, 12, 70_000, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[pos] ^= 0x20;
            assertThatThrownBy(() -> gcm.open(bad)).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void droppingTheLastSegmentOrSwappingSegmentsFails() {
        int seg = SegmentedGcm.SEGMENT + SegmentedGcm.TAG;
        byte[] sealed = gcm.seal(random(3 * SegmentedGcm.SEGMENT));
        byte[] truncated = Arrays.copyOf(sealed, SegmentedGcm.NONCE + 2 * seg);
        assertThatThrownBy(() -> gcm.open(truncated)).isInstanceOf(AuthenticationFailedException.class);
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, SegmentedGcm.NONCE, swapped, SegmentedGcm.NONCE + seg, seg);
        System.arraycopy(sealed, SegmentedGcm.NONCE + seg, swapped, SegmentedGcm.NONCE, seg);
        assertThatThrownBy(() -> gcm.open(swapped)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void anotherKeyCannotOpen() {
        byte[] sealed = gcm.seal(random(1000));
        byte[] k = new byte[32];
        k[0] = 1;
        SegmentedGcm other = new SegmentedGcm(new SecretKeySpec(k, "AES"), new SecureRandom());
        assertThatThrownBy(() -> other.open(sealed)).isInstanceOf(AuthenticationFailedException.class);
    }
}
