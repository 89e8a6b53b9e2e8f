package io.strata.engine.crypto;

/**
 * scrypt cost parameters (RFC 7914). Memory used is {@code 128 * n * r} bytes per lane, and
 * {@link Scrypt} mixes up to one lane per processor at once.
 *
 * <p>The default, n=2^16 r=8 p=2, needs 64 MiB per lane (128 MiB on two cores) and about 0.4 s in a
 * fresh JVM on the reference machine (n=2^17 p=1, the default before, about 0.55 s: same work, one
 * core). Its cost to an attacker (n² × p) is above that of restic's calibrated n=2^15 r=8 p=6.
 */
public record ScryptParameters(int n, int r, int p) {
    public static final ScryptParameters DEFAULT = new ScryptParameters(1 << 16, 8, 2);
    /** Cheap parameters for tests only: never for real repositories. */
    public static final ScryptParameters TESTING = new ScryptParameters(1 << 10, 8, 1);

    public ScryptParameters {
        if (n < 2 || (n & (n - 1)) != 0) {
            throw new IllegalArgumentException("scrypt n must be a power of two > 1: " + n);
        }
        if (r < 1 || p < 1 || (long) n * r > (1L << 24)) {
            throw new IllegalArgumentException("scrypt parameters out of range: n=" + n + " r=" + r + " p=" + p);
        }
    }
}
