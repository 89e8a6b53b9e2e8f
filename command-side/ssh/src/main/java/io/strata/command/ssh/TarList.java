package io.strata.command.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * A batch's paths written to tar's stdin, each ended by NUL, on a thread of its own: tar reads the
 * list while it writes its archive, and a long list could otherwise wait for window space while
 * tar waits for us to read its output.
 */
final class TarList {
    private final Thread writer;
    private volatile Exception failure;

    /**
     * Starts writing {@code header} (may be empty) and the names; then closes {@code stdin} when
     * {@code endInput}, else only flushes it (a {@link TarLoop} reads the next batch from it).
     */
    TarList(byte[] header, List<byte[]> names, OutputStream stdin, boolean endInput) {
        ByteArrayOutputStream list = new ByteArrayOutputStream(header.length + names.size() * 64);
        list.writeBytes(header);
        for (byte[] name : names) {
            list.writeBytes(name);
            list.write(0);
        }
        writer = Thread.ofVirtual().name("strata-tar-list").start(() -> {
            try {
                list.writeTo(stdin);
                if (endInput) {
                    stdin.close();
                } else {
                    stdin.flush();
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        });
    }

    /** Waits at most {@code timeout} for the list to be written; why writing it failed, or null. */
    SshException await(Duration timeout, String where) throws InterruptedIOException {
        try {
            writer.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for tar's list to be written");
        }
        Exception f = failure;
        return f == null ? null : new SshException(SshErrorCode.SSH_CONNECTION_LOST, "writing the file list to tar on "
                + where + " failed: " + f.getMessage(), f);
    }
}
