package io.strata.command.ssh;

/** The bytes given as a client key are not an Ed25519 private key in PKCS#8 DER. */
public final class InvalidClientKeyException extends IllegalArgumentException {
    public InvalidClientKeyException(String message, Throwable cause) {
        super(SshErrorCode.SSH_INVALID_KEY + ": " + message, cause);
    }

    public SshErrorCode code() {
        return SshErrorCode.SSH_INVALID_KEY;
    }
}
