package io.strata.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.pack.PackEntry;
import io.strata.engine.pack.PackHeaderCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Index objects and pack headers round-trip; pack header offsets are implicit and contiguous. */
class IndexCodecTest {
    private static BlobId id(int i) {
        return BlobId.wrap(Sha256.hash(new byte[] {(byte) i}));
    }

    @Test
    void indexRoundTrips() {
        List<IndexedPack> packs = List.of(
                new IndexedPack(id(1), List.of(new PackEntry(BlobType.DATA, id(2), 0, 100, 300, true),
                        new PackEntry(BlobType.TREE, id(3), 100, 50, 22, false))),
                new IndexedPack(id(4), List.of()));
        assertThat(IndexCodec.decode(IndexCodec.encode(packs))).isEqualTo(packs);
    }

    @Test
    void packHeaderRoundTripsWithImplicitOffsets() {
        List<PackEntry> entries = List.of(new PackEntry(BlobType.DATA, id(2), 0, 100, 300, true),
                new PackEntry(BlobType.DATA, id(3), 100, 60, 60, false), new PackEntry(BlobType.TREE, id(5), 160, 1, 1, true));
        assertThat(PackHeaderCodec.decode(PackHeaderCodec.encode(entries))).isEqualTo(entries);
    }
}
