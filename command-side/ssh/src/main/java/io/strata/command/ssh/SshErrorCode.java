package io.strata.command.ssh;

/**
 * Stable codes for every SSH failure, for the platform to map to its API. Each has a default
 * retry classification: retryable codes describe conditions that may pass on their own (a server
 * restarting, a network blip); permanent ones need someone to change configuration or the server.
 */
public enum SshErrorCode {
    /** Connecting, the key exchange or authentication did not finish in time. */
    SSH_TIMEOUT(true),
    /** The host answered but nothing listens on the port. */
    SSH_CONNECTION_REFUSED(true),
    /** The host name does not resolve. */
    SSH_UNKNOWN_HOST(false),
    /** No route to the host or its network. */
    SSH_UNREACHABLE(true),
    /** The server refused the client key (not in authorized_keys, or the user does not exist). */
    SSH_AUTH_FAILED(false),
    /** The server presented a host key other than the pinned one. */
    SSH_HOST_KEY_MISMATCH(false),
    /** The peer does not speak SSH as expected (no SSH banner, no common algorithm, malformed data). */
    SSH_PROTOCOL_ERROR(false),
    /** An established connection broke, or a request got no answer within the request timeout. */
    SSH_CONNECTION_LOST(true),
    /** The server has no SFTP subsystem, or it speaks no SFTP version 3. */
    SSH_SFTP_UNAVAILABLE(false),
    /** A remote command exited non-zero, died of a signal, or wrote nothing. */
    SSH_COMMAND_FAILED(false),
    /** The client key given is not a usable Ed25519 PKCS#8 private key. */
    SSH_INVALID_KEY(false);

    private final boolean retryable;

    SshErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
