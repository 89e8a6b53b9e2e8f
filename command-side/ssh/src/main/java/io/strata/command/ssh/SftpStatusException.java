package io.strata.command.ssh;

import java.io.IOException;

/**
 * The SFTP server refused a request with a status other than "no such file" or "permission
 * denied" (those raise {@link java.nio.file.NoSuchFileException} and
 * {@link java.nio.file.AccessDeniedException}).
 */
public final class SftpStatusException extends IOException {
    private final int status;
    private final String path;

    public SftpStatusException(String operation, String path, int status, String serverMessage) {
        super(operation + " " + path + ": " + describe(status)
                + (serverMessage == null || serverMessage.isBlank() ? "" : " (" + serverMessage + ")"));
        this.status = status;
        this.path = path;
    }

    /** The SFTP status code (SSH_FX_*). */
    public int status() {
        return status;
    }

    public String path() {
        return path;
    }

    static String describe(int status) {
        return switch (status) {
            case 1 -> "end of file";
            case 2 -> "no such file";
            case 3 -> "permission denied";
            case 4 -> "failure";
            case 5 -> "bad message";
            case 6 -> "no connection";
            case 7 -> "connection lost";
            case 8 -> "operation unsupported";
            default -> "status " + status;
        };
    }
}
