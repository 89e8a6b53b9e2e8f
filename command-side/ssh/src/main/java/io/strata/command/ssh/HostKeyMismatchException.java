package io.strata.command.ssh;

/**
 * The server presented a host key whose fingerprint differs from the pinned one: either the
 * server was reinstalled or re-keyed, or something is impersonating it. Never retried
 * automatically; the platform shows both fingerprints and lets an operator re-pin.
 */
public final class HostKeyMismatchException extends SshException {
    private final String expectedFingerprint;
    private final String presentedFingerprint;

    public HostKeyMismatchException(String host, int port, String expectedFingerprint, String presentedFingerprint) {
        super(SshErrorCode.SSH_HOST_KEY_MISMATCH, "host key of " + host + ":" + port + " is " + presentedFingerprint
                + ", pinned " + expectedFingerprint, null);
        this.expectedFingerprint = expectedFingerprint;
        this.presentedFingerprint = presentedFingerprint;
    }

    public String expectedFingerprint() {
        return expectedFingerprint;
    }

    public String presentedFingerprint() {
        return presentedFingerprint;
    }
}
