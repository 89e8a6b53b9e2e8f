package io.strata.engine.archiver;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.chunker.FastCdc;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.repository.BlobWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads one file or stream, cuts it into content-defined chunks, hashes each chunk and the whole
 * content, and hands chunks to the write session. One instance per worker thread: it owns a
 * buffer of up to three maximum chunks, so a chunk is cut with at least {@code max} bytes in view
 * and the remainder is moved at most once per {@code 2 * max} bytes consumed.
 *
 * <p>The buffer starts at {@value #INITIAL_BUFFER} bytes and doubles, up to three maximum chunks, the first time a
 * content does not fit: a new array is zeroed whole, and on a virtual machine its fresh pages cost the kernel about a
 * millisecond per MB to provide, so four workers that each allocated 24 MiB up front paid for 96 MiB even in a backup
 * that read a few small changed files.
 */
final class ChunkingReader {
    /** The content of one file as stored. */
    record Content(List<BlobId> blobs, byte[] sha256, long bytesRead, long bytesNew, long bytesStored) {
    }

    static final int INITIAL_BUFFER = 1 << 20;

    private final FastCdc chunker;
    private byte[] buf;
    private final MessageDigest fileDigest = Sha256.newDigest();

    ChunkingReader(FastCdc chunker) {
        this.chunker = chunker;
        this.buf = new byte[Math.min(INITIAL_BUFFER, chunker.parameters().max() * 3)];
    }

    interface Filler {
        /** Reads into buf[off..off+len); returns bytes read, or -1 at the end. */
        int fill(byte[] b, int off, int len) throws IOException;
    }

    static Filler of(ReadableByteChannel ch) {
        return (b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len));
    }

    static Filler of(InputStream in) {
        return in::read;
    }

    Content read(Filler in, BlobWriter writer, Cancellation cancel, LongConsumer progress) throws IOException {
        List<BlobId> blobs = new ArrayList<>();
        fileDigest.reset();
        int max = chunker.parameters().max();
        int start = 0;
        int end = 0;
        boolean eof = false;
        long total = 0;
        long bytesNew = 0;
        long bytesStored = 0;
        boolean first = true;
        byte[] wholeFileSha = null;
        while (true) {
            while (!eof && end - start < max) {
                if (buf.length - end < max && start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) { // a full buffer holds less than max: this content is longer than it
                    buf = Arrays.copyOf(buf, Math.min(buf.length * 2, max * 3));
                }
                int n = in.fill(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
            int avail = end - start;
            if (avail == 0) {
                break;
            }
            cancel.throwIfCancelled();
            int cut = chunker.cut(buf, start, avail);
            BlobId id = BlobId.ofContent(buf, start, cut);
            if (first && eof && cut == avail) {
                wholeFileSha = id.bytes(); // single-chunk content: its SHA-256 is the blob id
            } else {
                fileDigest.update(buf, start, cut);
            }
            first = false;
            BlobWriter.SaveResult r = writer.save(BlobType.DATA, id, buf, start, cut);
            if (r.isNew()) {
                bytesNew += cut;
                bytesStored += r.storedBytes();
            }
            blobs.add(id);
            total += cut;
            progress.accept(cut);
            start += cut;
        }
        byte[] sha = wholeFileSha != null ? wholeFileSha : fileDigest.digest();
        return new Content(blobs, sha, total, bytesNew, bytesStored);
    }
}
