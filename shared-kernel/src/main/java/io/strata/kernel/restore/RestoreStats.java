package io.strata.kernel.restore;

/**
 * What a restore did: files and bytes written, files whose SHA-256 was checked, the time it took, and the entries
 * restored with the login's user as owner because the server refused to change it (an SSH login that is not root;
 * counted since revision 2 of the events that carry these, zero in those stored before).
 */
public record RestoreStats(long filesRestored, long bytesRestored, long filesVerified, long durationMs,
                           long ownersNotApplied) {

    public static final RestoreStats NONE = new RestoreStats(0, 0, 0, 0, 0);
}
