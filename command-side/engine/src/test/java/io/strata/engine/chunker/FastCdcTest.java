package io.strata.engine.chunker;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.crypto.Sha256;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FastCDC cut points: within bounds, deterministic, seed-dependent, and stable under insertions. */
class FastCdcTest {
    private static final ChunkerParameters SMALL = new ChunkerParameters(2048, 8192, 65536);

    private static List<Integer> chunkLengths(FastCdc cdc, byte[] data) {
        List<Integer> out = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int n = cdc.cut(data, pos, data.length - pos);
            out.add(n);
            pos += n;
        }
        return out;
    }

    private static Set<String> chunkHashes(FastCdc cdc, byte[] data) {
        Set<String> out = new HashSet<>();
        int pos = 0;
        for (int n : chunkLengths(cdc, data)) {
            out.add(io.strata.engine.codec.Hex.encode(Sha256.hash(data, pos, n)));
            pos += n;
        }
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void chunksRespectMinAndMaxAndAverageIsNearTheTarget() {
        FastCdc cdc = new FastCdc(new GearTable(new byte[32]), SMALL);
        byte[] data = random(8 * 1024 * 1024, 1);
        List<Integer> lengths = chunkLengths(cdc, data);
        for (int i = 0; i < lengths.size() - 1; i++) {
            assertThat(lengths.get(i)).isBetween(SMALL.min(), SMALL.max());
        }
        double avg = data.length / (double) lengths.size();
        assertThat(avg).isBetween(SMALL.avg() * 0.6, SMALL.avg() * 1.6);
        assertThat(lengths.stream().mapToInt(Integer::intValue).sum()).isEqualTo(data.length);
    }

    @Test
    void dataShorterThanTheMinimumIsOneChunk() {
        FastCdc cdc = new FastCdc(new GearTable(new byte[32]), SMALL);
        assertThat(chunkLengths(cdc, random(1000, 2))).containsExactly(1000);
    }

    @Test
    void aOneByteInsertionChangesOnlyTheChunksAroundIt() {
        FastCdc cdc = new FastCdc(new GearTable(new byte[32]), SMALL);
        byte[] data = random(4 * 1024 * 1024, 3);
        byte[] inserted = new byte[data.length + 1];
        int at = data.length / 2;
        System.arraycopy(data, 0, inserted, 0, at);
        inserted[at] = 42;
        System.arraycopy(data, at, inserted, at + 1, data.length - at);
        Set<String> before = chunkHashes(cdc, data);
        Set<String> after = chunkHashes(cdc, inserted);
        Set<String> changed = new HashSet<>(after);
        changed.removeAll(before);
        assertThat(before.size()).isGreaterThan(200);
        assertThat(changed.size()).isLessThanOrEqualTo(2);
    }

    @Test
    void boundariesDependOnTheSecretSeed() {
        byte[] data = random(2 * 1024 * 1024, 4);
        byte[] seed = new byte[32];
        seed[0] = 1;
        assertThat(chunkLengths(new FastCdc(new GearTable(new byte[32]), SMALL), data))
                .isNotEqualTo(chunkLengths(new FastCdc(new GearTable(seed), SMALL), data));
        assertThat(chunkLengths(new FastCdc(new GearTable(seed), SMALL), data))
                .isEqualTo(chunkLengths(new FastCdc(new GearTable(seed.clone()), SMALL), data));
    }
}
