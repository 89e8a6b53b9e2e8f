package io.strata.kernel.restore;

/**
 * What a restore did: files and bytes written, files whose SHA-256 was checked, the time it took, the entries
 * restored with the login's user as owner because the server refused to change it (an SSH login that is not root;
 * counted since revision 2 of the events that carry these, zero in those stored before), and the entries left
 * without some of their extended attributes (ones the login may not set, or a server that cannot set any; counted
 * since revision 3, zero before).
 */
public record RestoreStats(long filesRestored, long bytesRestored, long filesVerified, long durationMs,
                           long ownersNotApplied, long xattrsNotApplied) {

    public static final RestoreStats NONE = new RestoreStats(0, 0, 0, 0, 0, 0);
}
