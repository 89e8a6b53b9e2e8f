package io.strata.command.ssh;

import java.io.IOException;

/** An SSH failure with a stable {@link SshErrorCode} and whether trying again later may help. */
public class SshException extends IOException {
    private final SshErrorCode code;
    private final boolean retryable;

    public SshException(SshErrorCode code, String message) {
        this(code, message, null);
    }

    public SshException(SshErrorCode code, String message, Throwable cause) {
        this(code, code.retryable(), message, cause);
    }

    public SshException(SshErrorCode code, boolean retryable, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public SshErrorCode code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
