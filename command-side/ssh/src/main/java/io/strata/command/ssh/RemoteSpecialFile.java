package io.strata.command.ssh;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.EnumSet;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;

/**
 * Creates a FIFO or a device on a server, which SFTP has no request for, with its metadata, through an exec
 * channel ({@link ExecSessions}): {@code mknod -m MODE} ({@code p}, or {@code c}/{@code b} with the device's numbers),
 * {@code touch -h} for access and modification times (to the nanosecond) and {@code chown -h} for the owner, run
 * by {@code xargs -0 sh -c '…'} with the path NUL-terminated on stdin and the rest as arguments (no quoting
 * through the login's shell, whichever it is; the script has no single quote or {@code !}). Nothing follows a
 * symbolic link put at the path meanwhile. A refused chown (a login that is not root) leaves the entry to the
 * login's user and is reported, not failed. Needs a login that may run commands, GNU {@code xargs -0},
 * {@code touch -h -d @SECONDS} and {@code chown -h +UID:+GID}; devices need root.
 */
final class RemoteSpecialFile {
    /** xargs's status when the script exits 255: the chown was refused. */
    private static final int OWNER_REFUSED = 124;
    /** Arguments: mode, owner, atime, mtime, mknod's type, major, minor; the path is appended by xargs. */
    private static final String SCRIPT = "if [ \"$5\" = p ]; then mknod -m \"$1\" -- \"$8\" p || exit 1;"
            + " else mknod -m \"$1\" -- \"$8\" \"$5\" \"$6\" \"$7\" || exit 1; fi;"
            + " touch -h -a -d \"@$3\" -- \"$8\" || exit 1; touch -h -m -d \"@$4\" -- \"$8\" || exit 1;"
            + " chown -h \"$2\" -- \"$8\" 2>/dev/null || exit 255";
    /** The last bytes of stderr kept for the message. */
    private static final int MESSAGE_LIMIT = 1024;

    private RemoteSpecialFile() {
    }

    /**
     * Creates a FIFO, character or block device at {@code path}, which must be free, with {@code meta}'s mode,
     * times and owner (and device number); returns whether the owner could be applied. IOException with the
     * server's message when the entry is not made, or when a device's number was not recorded.
     */
    static boolean create(ExecSessions sessions, String path, FileMetadata meta, Duration timeout, String where)
            throws IOException {
        String node = switch (meta.type()) {
            case FIFO -> "p 0 0";
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                if (meta.rdev() == 0) {
                    throw new IOException("cannot create " + meta.type() + " " + path + ": its device number was not"
                            + " recorded (a backup listed over SFTP has no device numbers)");
                }
                yield (meta.type() == FileType.CHAR_DEVICE ? "c " : "b ") + DeviceNumbers.major(meta.rdev()) + " "
                        + DeviceNumbers.minor(meta.rdev());
            }
            default -> throw new IllegalArgumentException("not a FIFO or device: " + meta.type());
        };
        String what = meta.type() == FileType.FIFO ? "FIFO" : meta.type().toString();
        String command = "xargs -0 sh -c '" + SCRIPT + "' sh " + Integer.toOctalString(meta.mode() & 07777) + " "
                + "+" + Integer.toUnsignedString(meta.uid()) + ":+" + Integer.toUnsignedString(meta.gid()) + " " // +: numeric ids
                + instant(meta.atimeNanos()) + " " + instant(meta.mtimeNanos()) + " " + node;
        CommandStream.Tail stderr = new CommandStream.Tail(MESSAGE_LIMIT);
        ChannelExec ch;
        try {
            ch = sessions.open(command, stderr, timeout, "mknod", where);
        } catch (SshException e) {
            throw new SshException(e.code(), "cannot create " + what + " " + path + ": " + e.getMessage(), e);
        }
        try {
            try {
                OutputStream stdin = ch.getInvertedIn();
                stdin.write(LosslessUtf8.encode(path + "\0"));
                stdin.close(); // EOF: xargs runs the script once
            } catch (IOException e) { // the server closed the channel: it runs no commands for this login
                throw new IOException("cannot create " + what + " " + path + " on " + where + ": mknod could not be run ("
                        + e.getMessage() + ")", e);
            }
            ch.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.EXIT_SIGNAL, ClientChannelEvent.CLOSED),
                    timeout.toMillis());
            Integer status = ch.getExitStatus();
            if (status != null && status == OWNER_REFUSED) {
                return false;
            }
            if (status == null || status != 0) {
                String message = stderr.text().strip();
                throw new IOException("cannot create " + what + " " + path + " on " + where + ": "
                        + (message.isEmpty() ? (status == null ? "mknod did not finish within " + timeout
                                : "the command exited with status " + status) : message));
            }
            return true;
        } finally {
            ch.close(false);
        }
    }

    /**
     * Seconds since the epoch with nine decimals ({@code -0.000000001}: a nanosecond before), as
     * {@code touch -d @…} takes them.
     */
    static String instant(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).toPlainString();
    }
}
