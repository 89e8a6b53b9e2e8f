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
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads one file or stream, cuts it into content-defined chunks, hashes each chunk and the whole
 * content, and hands chunks to the write session. One instance per worker thread: it owns a
 * buffer of three maximum chunks, so a chunk is cut with at least {@code max} bytes in view and
 * the remainder is moved at most once per {@code 2 * max} bytes consumed.
 */
final class ChunkingReader {
    /** The content of one file as stored. */
    record Content(List<BlobId> blobs, byte[] sha256, long bytesRead, long bytesNew, long bytesStored) {
    }

    private final FastCdc chunker;
    private final byte[] buf;
    private final MessageDigest fileDigest = Sha256.newDigest();

    ChunkingReader(FastCdc chunker) {
        this.chunker = chunker;
        this.buf = new byte[chunker.parameters().max() * 3];
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
                if (buf.length - end < max) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
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
