package io.strata.engine.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The warm-up, in a JVM of its own started with HotSpot's defaults (this test's JVM has sealed plenty already): AES-GCM
 * is slow there at first, and fast in both directions once {@link GcmWarmUp#run} returns true.
 */
class GcmWarmUpTest {

    @Test
    void aFreshJvmSealsAndOpensFastOnceWarmedUp() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                FreshJvm.class.getName()).redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        long coldNanos = Long.parseLong(lines.get(0));
        assertThat(coldNanos).as("a fresh JVM seals and opens 64 KiB through the JDK's fallback, slower than %d ns each: %s",
                GcmWarmUp.FAST_NANOS, out).isGreaterThan(2 * GcmWarmUp.FAST_NANOS);
        assertThat(lines.get(1)).as(out).isEqualTo("warmed up: true");
        long warmNanos = Long.parseLong(lines.get(2));
        assertThat(warmNanos).as("after the warm-up: %s", out).isLessThan(2 * GcmWarmUp.FAST_NANOS);
    }

    /**
     * Prints the shortest time of nine to seal and open 64 KiB before the warm-up (its first probe aside, which loads
     * the classes), the warm-up's result, and the shortest after it (the shortest, as a preempted probe is only longer).
     */
    public static final class FreshJvm {
        public static void main(String[] args) throws Exception {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            SegmentedGcm gcm = new SegmentedGcm(new SecretKeySpec(key, "AES"), new SecureRandom());
            byte[] probe = new byte[GcmWarmUp.PROBE];
            gcm.open(gcm.seal(probe));
            System.out.println(shortest(gcm, probe));
            System.out.println("warmed up: " + GcmWarmUp.run(Duration.ofSeconds(30)));
            System.out.println(shortest(gcm, probe));
        }

        private static long shortest(SegmentedGcm gcm, byte[] probe) throws AuthenticationFailedException {
            long shortest = Long.MAX_VALUE;
            for (int i = 0; i < 9; i++) {
                long start = System.nanoTime();
                gcm.open(gcm.seal(probe));
                shortest = Math.min(shortest, System.nanoTime() - start);
            }
            return shortest;
        }
    }
}
