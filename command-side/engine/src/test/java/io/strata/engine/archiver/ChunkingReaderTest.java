package io.strata.engine.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.blob.BlobId;
import io.strata.engine.chunker.FastCdc;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.repository.BlobWriter;
import io.strata.engine.repository.Repository;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunks do not depend on how the content arrives nor on the reader's buffer, which starts small and grows: a reader
 * fed a few KiB per call, after a small file, cuts a long content exactly where the chunker cuts it whole, including
 * a 20 MiB run without cut points (chunks of the maximum size, which need that many bytes in view).
 */
class ChunkingReaderTest {
    private final Repository repo = EngineFixtures.init(new MemoryStorage());
    private final FastCdc chunker = repo.chunker();

    @Test
    void cutsLikeTheChunkerOverTheWholeContentWhateverTheReadsAndTheBuffer() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 20 * 1024 * 1024 + 17 * 1024 * 1024 + 100];
        byte[] head = EngineFixtures.randomBytes(3 * 1024 * 1024, 1);
        byte[] tail = EngineFixtures.randomBytes(17 * 1024 * 1024 + 100, 2);
        System.arraycopy(head, 0, content, 0, head.length);
        System.arraycopy(tail, 0, content, content.length - tail.length, tail.length);
        List<BlobId> expected = new ArrayList<>();
        for (int pos = 0; pos < content.length; ) {
            int cut = chunker.cut(content, pos, content.length - pos);
            expected.add(BlobId.ofContent(content, pos, cut));
            pos += cut;
        }
        assertThat(expected).as("the zero run is cut at the maximum").hasSizeGreaterThan(3);

        ChunkingReader reader = new ChunkingReader(chunker);
        try (BlobWriter writer = repo.newWriter(false)) {
            byte[] small = EngineFixtures.randomBytes(5_000, 3);
            ChunkingReader.Content first = read(reader, writer, small, 4096);
            assertThat(first.blobs()).containsExactly(BlobId.ofContent(small, 0, small.length));
            assertThat(first.sha256()).isEqualTo(Sha256.hash(small));

            for (int perCall : new int[] {4096, 255 * 1024, Integer.MAX_VALUE}) {
                ChunkingReader.Content c = read(reader, writer, content, perCall);
                assertThat(c.blobs()).as("fed %d bytes per call", perCall).isEqualTo(expected);
                assertThat(c.sha256()).isEqualTo(Sha256.hash(content));
                assertThat(c.bytesRead()).isEqualTo(content.length);
            }
            assertThat(read(reader, writer, small, 4096).blobs()).containsExactly(BlobId.ofContent(small, 0, small.length));
            writer.flush();
        }
    }

    /** Reads {@code content} through a filler that hands out at most {@code perCall} bytes per call. */
    private static ChunkingReader.Content read(ChunkingReader reader, BlobWriter writer, byte[] content, int perCall)
            throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(content);
        return reader.read((b, off, len) -> in.read(b, off, Math.min(len, perCall)), writer, Cancellation.none(), n -> { });
    }
}
