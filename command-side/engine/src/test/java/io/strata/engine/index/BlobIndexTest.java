package io.strata.engine.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.pack.PackEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compact in-memory index: lookups through growth, first location wins, bounded bytes per entry. */
class BlobIndexTest {
    private static BlobId id(int i) {
        return BlobId.wrap(Sha256.hash(ByteBuffer.allocate(4).putInt(i).array()));
    }

    @Test
    void findsEveryBlobAfterManyGrowthsAndNothingElse() {
        BlobIndex index = new BlobIndex();
        int n = 200_000;
        for (int p = 0; p < n / 1000; p++) {
            List<PackEntry> entries = new ArrayList<>();
            for (int k = 0; k < 1000; k++) {
                int i = p * 1000 + k;
                entries.add(new PackEntry(k % 2 == 0 ? BlobType.DATA : BlobType.TREE, id(i), k * 100, 100, 90 + k % 7, k % 3 == 0));
            }
            index.addPack(id(-1 - p), entries);
        }
        assertThat(index.size()).isEqualTo(n);
        for (int i = 0; i < n; i += 997) {
            BlobLocation loc = index.get(id(i)).orElseThrow();
            int k = i % 1000;
            assertThat(loc.packId()).isEqualTo(id(-1 - i / 1000));
            assertThat(loc.offset()).isEqualTo(k * 100);
            assertThat(loc.rawLength()).isEqualTo(90 + k % 7);
            assertThat(loc.compressed()).isEqualTo(k % 3 == 0);
            assertThat(loc.type()).isEqualTo(k % 2 == 0 ? BlobType.DATA : BlobType.TREE);
        }
        assertThat(index.contains(id(n + 5))).isFalse();
        assertThat(index.memoryBytes() / (double) n).isLessThan(140);
    }

    @Test
    void anIndexSizedForItsBlobsTakesThemWithoutGrowing() {
        int n = 30_000;
        BlobIndex index = new BlobIndex(n);
        long before = index.memoryBytes();
        List<PackEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new PackEntry(BlobType.DATA, id(i), i, 10, 10, false));
        }
        index.addPack(id(-1), entries);
        assertThat(index.memoryBytes()).isEqualTo(before + 64); // the arrays as allocated, plus the one pack
        assertThat(index.size()).isEqualTo(n);
        assertThat(index.get(id(n - 1)).orElseThrow().offset()).isEqualTo(n - 1);
        assertThat(new BlobIndex(0).memoryBytes()).isEqualTo(new BlobIndex().memoryBytes());
    }

    @Test
    void aBlobStoredTwiceKeepsItsFirstLocation() {
        BlobIndex index = new BlobIndex();
        index.addPack(id(-1), List.of(new PackEntry(BlobType.DATA, id(1), 0, 10, 10, false)));
        index.addPack(id(-2), List.of(new PackEntry(BlobType.DATA, id(1), 50, 10, 10, false)));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.get(id(1)).orElseThrow().packId()).isEqualTo(id(-1));
    }

    @Test
    void idSetAddsOnceAndGrows() {
        BlobIdSet set = new BlobIdSet();
        for (int i = 0; i < 50_000; i++) {
            assertThat(set.add(id(i))).isTrue();
        }
        assertThat(set.add(id(7))).isFalse();
        assertThat(set.contains(id(49_999))).isTrue();
        assertThat(set.contains(id(50_000))).isFalse();
        assertThat(set.size()).isEqualTo(50_000);
    }
}
