package io.strata.engine.crypto;

/**
 * scrypt cost parameters (RFC 7914). Memory used is {@code 128 * n * r} bytes.
 * The default, n=2^17 r=8 p=1, needs 128 MiB and about half a second on one core.
 */
public record ScryptParameters(int n, int r, int p) {
    public static final ScryptParameters DEFAULT = new ScryptParameters(1 << 17, 8, 1);
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
