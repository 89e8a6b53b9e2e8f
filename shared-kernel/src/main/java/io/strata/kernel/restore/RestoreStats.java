package io.strata.kernel.restore;

/** What a restore did: files and bytes written, files whose SHA-256 was checked, and the time it took. */
public record RestoreStats(long filesRestored, long bytesRestored, long filesVerified, long durationMs) {

    public static final RestoreStats NONE = new RestoreStats(0, 0, 0, 0);
}
