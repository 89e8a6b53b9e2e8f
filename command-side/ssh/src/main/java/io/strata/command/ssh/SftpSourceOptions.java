package io.strata.command.ssh;

/**
 * Tuning of an {@link SftpSource}. The defaults were measured reading the Linux 6.1 source tree
 * (79k files) from OpenSSH on loopback; see {@code command-side/ssh/bench/README.md}.
 *
 * @param sessions SSH connections to open (each with its own encryption on both ends; the first is
 *        the one the source was opened from, more are opened with the same key and pinned host key)
 * @param channelsPerSession SFTP channels per connection; OpenSSH serves each channel with its own
 *        process, so files are opened, read and listed by several server processes at once
 * @param readSize bytes asked per READ (capped by what the server announces through
 *        {@code limits@openssh.com}; OpenSSH serves at most 255 KiB)
 * @param readAheadPerFile READ requests kept in flight for one open file
 * @param maxReadBytesInFlight all reads in flight for the whole source, in bytes; bounds memory when many
 *        files are open (each open file may always have one read in flight)
 * @param readDirInFlight READDIR requests kept in flight per listing; with 2 or more a directory of
 *        up to about 100 entries per request is listed in one round trip after OPENDIR
 * @param tarStreams batches of small files read at once through the server's GNU {@code tar}
 *        ({@link SftpSource#readMany}), each on an exec channel of the first connection; 0 reads
 *        every file over SFTP. A server without a usable tar is read over SFTP whatever this says.
 *        With the defaults the first connection holds 4 SFTP channels, 3 tar loops, a find loop and the perl
 *        listing extended attributes (and the tar check one more for a moment): within OpenSSH's default of 10
 *        channels per connection ({@code MaxSessions}). A server allowing fewer gets as many SFTP channels as it
 *        grants (at least one), and the loops it refuses run on further connections ({@link ExecSessions}).
 * @param tarCompression whether every tar stream is compressed on the server with its {@code zstd} when
 *        it has one (then about a sixth of the bytes cross the connection and sshd); on by default, off in
 *        {@link SshConnection#recommendedSourceOptions()} for a server on this host. Off, only batches holding a
 *        file that is mostly holes are compressed (their zeros would otherwise cross the connection)
 * @param findListing whether directories are listed in batches through the server's GNU {@code find} on
 *        exec channels as the tar streams' when it has one ({@link RemoteFind}: nanosecond times,
 *        ctime, inodes and link counts, which SFTP v3 lacks); otherwise, or without a usable find, over SFTP
 */
public record SftpSourceOptions(int sessions, int channelsPerSession, int readSize, int readAheadPerFile,
        long maxReadBytesInFlight, int readDirInFlight, int tarStreams, boolean tarCompression, boolean findListing) {

    public SftpSourceOptions {
        range(sessions, 1, 16, "sessions");
        range(channelsPerSession, 1, 64, "channelsPerSession");
        range(readSize, 4096, 16 * 1024 * 1024, "readSize");
        range(readAheadPerFile, 1, 1024, "readAheadPerFile");
        if (maxReadBytesInFlight < readSize) {
            throw new IllegalArgumentException("maxReadBytesInFlight must be at least readSize");
        }
        range(readDirInFlight, 1, 64, "readDirInFlight");
        range(tarStreams, 0, 8, "tarStreams");
    }

    static void range(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ", got " + v);
        }
    }

    public static SftpSourceOptions defaults() {
        return new SftpSourceOptions(1, 4, SftpChannel.OPENSSH_MAX_IO, 16, 64L * 1024 * 1024, 3, 3, true, true);
    }

    public SftpSourceOptions withSessions(int n) {
        return new SftpSourceOptions(n, channelsPerSession, readSize, readAheadPerFile, maxReadBytesInFlight,
                readDirInFlight, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withChannelsPerSession(int n) {
        return new SftpSourceOptions(sessions, n, readSize, readAheadPerFile, maxReadBytesInFlight, readDirInFlight, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withReadSize(int bytes) {
        return new SftpSourceOptions(sessions, channelsPerSession, bytes, readAheadPerFile, maxReadBytesInFlight,
                readDirInFlight, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withReadAheadPerFile(int n) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, n, maxReadBytesInFlight, readDirInFlight, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withMaxReadBytesInFlight(long bytes) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, readAheadPerFile, bytes, readDirInFlight, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withTarStreams(int n) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, readAheadPerFile, maxReadBytesInFlight,
                readDirInFlight, n, tarCompression, findListing);
    }

    public SftpSourceOptions withReadDirInFlight(int n) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, readAheadPerFile, maxReadBytesInFlight, n, tarStreams, tarCompression, findListing);
    }

    public SftpSourceOptions withFindListing(boolean on) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, readAheadPerFile, maxReadBytesInFlight,
                readDirInFlight, tarStreams, tarCompression, on);
    }

    public SftpSourceOptions withTarCompression(boolean on) {
        return new SftpSourceOptions(sessions, channelsPerSession, readSize, readAheadPerFile, maxReadBytesInFlight,
                readDirInFlight, tarStreams, on, findListing);
    }
}
