package io.strata.command.ssh;

/**
 * Tuning of an {@link SftpOutput}.
 *
 * @param channels SFTP channels on the connection; files are spread over them
 * @param writeSize largest WRITE sent (capped by what the server announces; OpenSSH takes 255 KiB)
 * @param writesInFlightPerFile WRITE requests awaiting their status for one file before the writer waits
 */
public record SftpOutputOptions(int channels, int writeSize, int writesInFlightPerFile) {
    public SftpOutputOptions {
        SftpSourceOptions.range(channels, 1, 64, "channels");
        SftpSourceOptions.range(writeSize, 4096, 16 * 1024 * 1024, "writeSize");
        SftpSourceOptions.range(writesInFlightPerFile, 1, 1024, "writesInFlightPerFile");
    }

    public static SftpOutputOptions defaults() {
        return new SftpOutputOptions(4, SftpChannel.OPENSSH_MAX_IO, 16);
    }

    public SftpOutputOptions withChannels(int n) {
        return new SftpOutputOptions(n, writeSize, writesInFlightPerFile);
    }
}
