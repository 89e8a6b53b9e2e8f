package io.strata.command.backup;

import io.strata.command.ssh.SshException;

/**
 * SSH failures as backup failure codes: a server that cannot be reached now ({@code SERVER_UNREACHABLE},
 * retried while attempts remain), one that refuses the tenant's key ({@code SERVER_AUTH_FAILED}) or presents
 * another host key than the pinned one ({@code HOST_KEY_MISMATCH}), which only people can fix.
 */
final class SshFailures {

    private SshFailures() {
    }

    static BackupRunner.RunFailure of(SshException e) {
        String code = switch (e.code()) {
            case SSH_AUTH_FAILED -> "SERVER_AUTH_FAILED";
            case SSH_HOST_KEY_MISMATCH -> "HOST_KEY_MISMATCH";
            case SSH_COMMAND_FAILED -> "COMMAND_FAILED";
            case SSH_TIMEOUT, SSH_CONNECTION_REFUSED, SSH_UNREACHABLE, SSH_CONNECTION_LOST, SSH_UNKNOWN_HOST -> "SERVER_UNREACHABLE";
            default -> "SSH_ERROR";
        };
        return new BackupRunner.RunFailure(code, e.getMessage(), e.retryable());
    }
}
