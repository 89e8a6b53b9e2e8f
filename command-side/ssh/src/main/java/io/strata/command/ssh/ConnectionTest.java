package io.strata.command.ssh;

/**
 * Outcome of {@link SshConnector#testConnection}.
 *
 * @param ok connected, authenticated and opened SFTP
 * @param hostKeyFingerprint the fingerprint the server presented ({@code SHA256:…}), also on a
 *        mismatch or an authentication failure; null when the key exchange was not reached
 * @param serverVersion the server's SSH version string, e.g. {@code SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u7}
 * @param homeDirectory the login's SFTP home directory, null unless ok
 * @param message a sentence for people: what worked, or what failed and why
 * @param errorCode null when ok
 * @param retryable whether trying again later may succeed (false when ok)
 */
public record ConnectionTest(boolean ok, String hostKeyFingerprint, String serverVersion, String homeDirectory,
        String message, SshErrorCode errorCode, boolean retryable) {
}
