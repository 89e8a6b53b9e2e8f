package io.strata.engine.chunker;

/**
 * Minimum, average (a power of two) and maximum chunk size in bytes. The defaults, 512 KiB /
 * 1 MiB / 8 MiB, keep the index small (about one entry per MiB of unique data) while small files
 * (most of a source tree) stay one chunk each.
 */
public record ChunkerParameters(int min, int avg, int max) {
    public static final ChunkerParameters DEFAULT = new ChunkerParameters(512 * 1024, 1024 * 1024, 8 * 1024 * 1024);

    public ChunkerParameters {
        if (min < 64 || avg <= min || max <= avg || Integer.bitCount(avg) != 1 || max > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("invalid chunker parameters: min=" + min + " avg=" + avg + " max=" + max);
        }
    }
}
