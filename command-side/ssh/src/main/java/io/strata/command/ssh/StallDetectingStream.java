package io.strata.command.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.time.Duration;
import org.apache.sshd.common.channel.ChannelPipedInputStream;

/**
 * An exec channel's stdout that counts what arrives and fails with {@code SSH_TIMEOUT} when a read
 * waits longer than the timeout: a server stuck mid-stream (tar on a hung file system, a dump
 * waiting on a lock) fails its batch or its command instead of holding the backup forever. The one
 * place a stall is detected, for {@link RemoteTar}, {@link TarLoop} and {@link CommandStream}.
 * Closing it leaves the channel's stream open (the channel's owner closes that).
 */
final class StallDetectingStream extends InputStream {
    private final InputStream in;
    private final Duration timeout;
    private final String what;
    private long count;

    /** @param what who is silent, for the message (e.g. "tar on host:22") */
    StallDetectingStream(InputStream in, Duration timeout, String what) {
        this.in = in;
        this.timeout = timeout;
        this.what = what;
        if (in instanceof ChannelPipedInputStream pipe) {
            pipe.setTimeout(timeout.toMillis());
        }
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long start = System.nanoTime();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (SocketException e) {
            if (System.nanoTime() - start >= timeout.toNanos()) {
                throw new SshException(SshErrorCode.SSH_TIMEOUT, what + " sent nothing for " + timeout.toSeconds()
                        + " s (after " + count + " bytes)", e);
            }
            throw e;
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }
}
