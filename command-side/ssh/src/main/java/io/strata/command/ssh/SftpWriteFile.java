package io.strata.command.ssh;

import io.strata.engine.output.OutputFile;
import java.io.IOException;
import java.util.ArrayDeque;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * A remote file being restored at {@code written}, renamed over {@code replacing} on commit when that is set
 * (removed if closed uncommitted; messages name the path the file is for): WRITE requests go out without waiting for their status until
 * {@code writesInFlight} are pending, so writing costs bandwidth, not round trips. A failed WRITE
 * fails the next call, at the latest {@link #commit}, which awaits the last WRITEs together with the CLOSE
 * (one round trip for both). Regions never written stay holes on servers whose file system has them
 * (the server writes at offsets; {@link #finish} extends the file with ftruncate through FSETSTAT,
 * or, where the server does not extend that way, by writing its last byte). Metadata given at creation
 * ({@code metadata}) goes with the CLOSE of a committed file, as an FSETSTAT on its handle in the same round trip;
 * {@code metadataApplied} runs once the file is committed with it applied.
 */
final class SftpWriteFile implements OutputFile {
    private final SftpChannel ch;
    private final String written;
    /** The path the file is for, as messages name it. */
    private final String path;
    private final String replacing;
    private final byte[] handle;
    private final int writeSize;
    private final int maxInFlight;
    private final ArrayDeque<Integer> inFlight = new ArrayDeque<>();
    private long end;
    private IOException failure;
    private boolean closed;
    private boolean handleClosed;
    private boolean committed;
    private boolean finished;
    private final SftpAttrs metadata;
    private final Runnable metadataApplied;

    SftpWriteFile(SftpChannel ch, String written, String replacing, byte[] handle, int writeSize, int maxInFlight,
            SftpAttrs metadata, Runnable metadataApplied) {
        this.ch = ch;
        this.metadata = metadata;
        this.metadataApplied = metadataApplied;
        this.written = written;
        this.path = replacing == null ? written : replacing;
        this.replacing = replacing;
        this.handle = handle;
        this.writeSize = writeSize;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public synchronized void write(long offset, byte[] data, int off, int len) throws IOException {
        check();
        if (offset < 0 || off < 0 || len < 0 || off + len > data.length) {
            throw new IllegalArgumentException("write " + path + ": bad range offset=" + offset + " off=" + off + " len=" + len);
        }
        while (len > 0) {
            int n = Math.min(len, writeSize);
            Buffer b = SftpChannel.request(4 + handle.length + 12 + n);
            b.putBytes(handle);
            b.putLong(offset);
            b.putBytes(data, off, n);
            inFlight.add(ch.send(SftpChannel.FXP_WRITE, b));
            offset += n;
            off += n;
            len -= n;
            end = Math.max(end, offset);
            while (inFlight.size() > maxInFlight) {
                awaitOldest();
            }
        }
    }

    private void awaitOldest() throws IOException {
        int id = inFlight.poll();
        try {
            SftpChannel.checkStatus(ch.await(id), "write", path);
        } catch (IOException e) {
            failure = e;
            inFlight.forEach(ch::forget);
            inFlight.clear();
            throw e;
        }
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("write " + path + ": file already closed");
        }
        if (failure != null) {
            throw new IOException("write " + path + " failed earlier: " + failure.getMessage(), failure);
        }
    }

    @Override
    public synchronized void finish(long size) throws IOException {
        check();
        finished = true;
        if (size != end) {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
            // FSETSTAT size is ftruncate on OpenSSH (a trailing hole); MINA's server only shrinks with
            // it, so the size is checked in the same round trip and a last zero byte written if needed
            Buffer b = SftpChannel.request(4 + handle.length + 16);
            b.putBytes(handle);
            SftpAttrs.ofSize(size).write(b);
            int setId = ch.queue(SftpChannel.FXP_FSETSTAT, b);
            int statId = ch.send(SftpChannel.FXP_FSTAT, SftpChannel.handleRequest(handle));
            try {
                SftpChannel.checkStatus(ch.await(setId), "set size of", path);
            } catch (IOException e) {
                ch.forget(statId);
                throw e;
            }
            SftpAttrs a = SftpChannel.attrs(ch.await(statId), "fstat", path);
            if (a.has(SftpAttrs.SIZE) && a.size() != size) {
                if (size == 0 || a.size() > size) {
                    throw new IOException("set size of " + path + ": the server left it at " + a.size() + " bytes, not "
                            + size);
                }
                Buffer w = SftpChannel.request(4 + handle.length + 12 + 1);
                w.putBytes(handle);
                w.putLong(size - 1);
                w.putBytes(new byte[1]);
                SftpChannel.checkStatus(ch.call(SftpChannel.FXP_WRITE, w), "write", path);
            }
            end = size;
        }
    }

    /**
     * Closes the finished file once every WRITE is acknowledged (so a late write error still fails it, and the
     * file is then removed by {@link #close}) and renames it over the entry it replaces, if any.
     */
    @Override
    public synchronized void commit() throws IOException {
        check();
        if (!finished) {
            throw new IllegalStateException("commit " + path + " before finish");
        }
        handleClosed = true;
        boolean metadataSet = closeHandle(metadata);
        if (replacing != null) {
            SftpOutput.renameOver(ch, written, replacing);
        }
        committed = true;
        if (metadataSet) {
            metadataApplied.run();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!handleClosed) {
                handleClosed = true;
                closeHandle(null);
            }
        } finally {
            if (!committed && ch.isOpen()) {
                try {
                    SftpChannel.checkStatus(ch.call(SftpChannel.FXP_REMOVE, SftpChannel.pathRequest(written)), "remove",
                            written);
                } catch (IOException e) {
                    // the file's own failure is what the restore reports
                }
            }
        }
    }

    /**
     * Sends the CLOSE behind the WRITEs in flight (and {@code attrs} as an FSETSTAT before it, unless null), then
     * awaits them all (one round trip): the server handles a channel's requests in order. Returns whether the server
     * applied {@code attrs}.
     */
    private boolean closeHandle(SftpAttrs attrs) throws IOException {
        boolean attrsSet = false;
        IOException pending = null;
        int setId = -1;
        int closeId = -1;
        if (ch.isOpen()) {
            try {
                if (attrs != null) {
                    Buffer b = SftpChannel.request(4 + handle.length + 40);
                    b.putBytes(handle);
                    attrs.write(b);
                    setId = ch.queue(SftpChannel.FXP_FSETSTAT, b);
                }
                closeId = ch.send(SftpChannel.FXP_CLOSE, SftpChannel.handleRequest(handle));
            } catch (IOException e) {
                pending = e;
            }
        }
        try {
            while (pending == null && failure == null && !inFlight.isEmpty()) {
                awaitOldest();
            }
        } catch (IOException e) {
            pending = e;
        }
        inFlight.forEach(ch::forget);
        inFlight.clear();
        if (setId >= 0) {
            if (pending == null && failure == null && ch.isOpen()) {
                try {
                    // when refused, applied later by path, which tells a refused chown from other failures
                    attrsSet = SftpChannel.statusCode(ch.await(setId)) == SftpChannel.FX_OK;
                } catch (IOException e) {
                    pending = e;
                }
            } else {
                ch.forget(setId);
            }
        }
        if (closeId < 0 || !ch.isOpen()) {
            if (closeId >= 0) {
                ch.forget(closeId);
            }
            if (pending != null) {
                throw pending;
            }
            return false;
        }
        try {
            SftpChannel.checkStatus(ch.await(closeId), "close", path);
        } catch (IOException e) {
            if (pending == null) {
                pending = e;
            } else {
                pending.addSuppressed(e);
            }
        }
        if (pending != null) {
            throw pending;
        }
        return attrsSet;
    }
}
