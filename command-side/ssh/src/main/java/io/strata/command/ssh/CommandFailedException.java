package io.strata.command.ssh;

/**
 * A remote command's output cannot be trusted as complete: it exited non-zero, died of a signal,
 * wrote nothing, ended without an exit status (the connection or channel broke), or went silent
 * for too long. Carries the exit status and the end of what the command wrote to stderr.
 */
public final class CommandFailedException extends SshException {
    /** Why the command's output was rejected. */
    public enum Reason {
        /** Exited with a status other than 0. */
        EXIT_STATUS,
        /** Killed by a signal (e.g. the OOM killer). */
        SIGNAL,
        /** Exited 0 but wrote nothing to stdout: an empty dump is never a valid one. */
        EMPTY_OUTPUT,
        /** Stdout ended without an exit status or signal: the channel or connection broke. */
        NO_EXIT_STATUS,
        /**
         * The server closed the channel, its connection still up, before the login shell ran anything: it
         * runs no commands for this login (an SFTP-only account, a forced command that refuses). Not retried.
         */
        NOT_STARTED,
        /**
         * Stdout stayed silent for the command stall timeout ({@link SshSettings#commandStallTimeout});
         * the command was stopped. Not retried: a command stuck once is likely stuck again.
         */
        STALLED
    }

    private final Reason reason;
    private final Integer exitStatus;
    private final String signal;
    private final String stderr;
    private final long bytesRead;

    CommandFailedException(String program, Reason reason, Integer exitStatus, String signal, String stderr,
            long bytesRead) {
        super(SshErrorCode.SSH_COMMAND_FAILED, reason == Reason.SIGNAL || reason == Reason.NO_EXIT_STATUS,
                describe(program, reason, exitStatus, signal, stderr, bytesRead), null);
        this.reason = reason;
        this.exitStatus = exitStatus;
        this.signal = signal;
        this.stderr = stderr;
        this.bytesRead = bytesRead;
    }

    private static String describe(String program, Reason reason, Integer exitStatus, String signal, String stderr,
            long bytesRead) {
        String what = switch (reason) {
            case EXIT_STATUS -> "exited with status " + exitStatus;
            case SIGNAL -> "was killed by signal " + signal;
            case EMPTY_OUTPUT -> "exited 0 but wrote nothing";
            case NO_EXIT_STATUS -> "ended without an exit status after " + bytesRead + " bytes (channel closed)";
            case NOT_STARTED -> "was not run: the server closed the channel without starting a shell (it runs no"
                    + " commands for this login, as for an SFTP-only account)";
            case STALLED -> "wrote nothing for the stall timeout after " + bytesRead + " bytes and was stopped";
        };
        String err = stderr == null ? "" : stderr.strip();
        if (err.length() > 500) {
            err = "…" + err.substring(err.length() - 500);
        }
        return "remote command " + program + " " + what + (err.isEmpty() ? "" : "; stderr: " + err);
    }

    public Reason reason() {
        return reason;
    }

    /** The exit status, or null when the command ended by a signal or without one. */
    public Integer exitStatus() {
        return exitStatus;
    }

    /** The signal name without {@code SIG} (e.g. {@code KILL}), or null. */
    public String signal() {
        return signal;
    }

    /** The last bytes (at most {@link CommandStream#STDERR_LIMIT}) of stderr, decoded as UTF-8. */
    public String stderr() {
        return stderr;
    }

    /** Bytes of stdout read before the failure was seen. */
    public long bytesRead() {
        return bytesRead;
    }
}
