package io.strata.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract (see {@link Storage}) as tests. Every backend extends this class and
 * implements {@link #createStorage()}, which must return an empty store. Published in the engine's
 * test jar for the S3 and Azure backends.
 */
public abstract class StorageContractTest {
    protected Storage storage;

    /** A new, empty storage; called before each test. */
    protected abstract Storage createStorage() throws Exception;

    /** Removes what the test created; called after each test. */
    protected void destroyStorage(Storage s) throws Exception {
        s.close();
    }

    @BeforeEach
    void setUpStorage() throws Exception {
        storage = createStorage();
    }

    @AfterEach
    void tearDownStorage() throws Exception {
        destroyStorage(storage);
    }

    protected static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    protected static ObjectName nameFor(ObjectKind kind, byte[] data) {
        return new ObjectName(kind, Hex.encode(Sha256.hash(data)));
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        byte[] data = randomBytes(10_000, 1);
        ObjectName n = nameFor(ObjectKind.SNAPSHOT, data);
        storage.put(n, data);
        assertThat(storage.get(n)).isEqualTo(data);
        assertThat(storage.exists(n)).isTrue();
    }

    /**
     * A put of a buffer's first bytes stores exactly those (sized and listed as such), whether small or past a multipart
     * threshold, and keeps nothing of the buffer: the caller overwrites it at once, as the pack writer reuses its buffers.
     */
    @Test
    void aPrefixPutStoresExactlyThePrefixAndTheBufferMayBeReusedAtOnce() throws Exception {
        for (int length : new int[] {10_000, 20 * 1024 * 1024 + 3}) {
            byte[] buffer = randomBytes(length + 70_001, length);
            byte[] prefix = Arrays.copyOf(buffer, length);
            ObjectName n = nameFor(ObjectKind.PACK, prefix);
            storage.put(n, buffer, length);
            Arrays.fill(buffer, (byte) 0x5A);
            assertThat(storage.get(n)).isEqualTo(prefix);
            assertThat(storage.list(ObjectKind.PACK)).contains(new ObjectInfo(n, length));
        }
        assertThatThrownBy(() -> storage.put(nameFor(ObjectKind.PACK, new byte[3]), new byte[2], 3))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void emptyObjectsAreStoredAndListedWithSizeZero() throws Exception {
        byte[] data = new byte[0];
        ObjectName n = nameFor(ObjectKind.LOCK, data);
        storage.put(n, data);
        assertThat(storage.get(n)).isEmpty();
        assertThat(storage.list(ObjectKind.LOCK)).containsExactly(new ObjectInfo(n, 0));
    }

    @Test
    void aLargeObjectRoundTrips() throws Exception {
        byte[] data = randomBytes(20 * 1024 * 1024 + 3, 2);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        storage.put(n, data);
        assertThat(storage.get(n)).isEqualTo(data);
    }

    @Test
    void puttingTheSameObjectTwiceIsIdempotent() throws Exception {
        byte[] data = randomBytes(1000, 3);
        ObjectName n = nameFor(ObjectKind.INDEX, data);
        storage.put(n, data);
        storage.put(n, data);
        assertThat(storage.get(n)).isEqualTo(data);
        assertThat(storage.list(ObjectKind.INDEX)).hasSize(1);
    }

    @Test
    void theConfigObjectCanBeReplacedWhole() throws Exception {
        storage.put(ObjectName.CONFIG, "one".getBytes());
        storage.put(ObjectName.CONFIG, "second version".getBytes());
        assertThat(storage.get(ObjectName.CONFIG)).isEqualTo("second version".getBytes());
        assertThat(storage.list(ObjectKind.CONFIG)).containsExactly(new ObjectInfo(ObjectName.CONFIG, 14));
    }

    @Test
    void rangedGetReturnsExactlyTheRange() throws Exception {
        byte[] data = randomBytes(100_000, 4);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        storage.put(n, data);
        assertThat(storage.get(n, 0, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 0, 10));
        assertThat(storage.get(n, 99_990, 10)).isEqualTo(java.util.Arrays.copyOfRange(data, 99_990, 100_000));
        assertThat(storage.get(n, 5000, 0)).isEmpty();
    }

    @Test
    void rangedGetPastTheEndIsAPermanentError() throws Exception {
        byte[] data = randomBytes(100, 5);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        storage.put(n, data);
        assertThatThrownBy(() -> storage.get(n, 90, 11)).isInstanceOf(PermanentStorageException.class);
    }

    @Test
    void getOfAMissingObjectIsObjectNotFound() {
        ObjectName n = nameFor(ObjectKind.SNAPSHOT, new byte[] {1});
        assertThatThrownBy(() -> storage.get(n)).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> storage.get(n, 0, 1)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void listReturnsEveryObjectOfOneKindWithItsSizeAndNothingElse() throws Exception {
        List<ObjectInfo> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] data = randomBytes(i * 7, 100 + i);
            ObjectName n = nameFor(ObjectKind.PACK, data);
            storage.put(n, data);
            expected.add(new ObjectInfo(n, data.length));
        }
        byte[] other = randomBytes(9, 99);
        storage.put(nameFor(ObjectKind.INDEX, other), other);
        assertThat(storage.list(ObjectKind.PACK)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(storage.list(ObjectKind.SNAPSHOT)).isEmpty();
    }

    @Test
    void deleteRemovesAndIsIdempotent() throws Exception {
        byte[] data = randomBytes(10, 6);
        ObjectName n = nameFor(ObjectKind.KEY, data);
        storage.put(n, data);
        storage.delete(n);
        storage.delete(n);
        assertThat(storage.exists(n)).isFalse();
        assertThat(storage.list(ObjectKind.KEY)).isEmpty();
    }

    @Test
    void concurrentPutsAreAllVisibleAfterwards() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ObjectName>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                int seed = i;
                futures.add(pool.submit(() -> {
                    byte[] data = randomBytes(5000, 1000 + seed);
                    ObjectName n = nameFor(ObjectKind.PACK, data);
                    storage.put(n, data);
                    return n;
                }));
            }
            List<ObjectName> names = new ArrayList<>();
            for (Future<ObjectName> f : futures) {
                names.add(f.get());
            }
            assertThat(storage.list(ObjectKind.PACK).stream().map(ObjectInfo::name).toList())
                    .containsExactlyInAnyOrderElementsOf(names);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readersNeverSeeAPartialObjectWhileItIsBeingWritten() throws Exception {
        byte[] data = randomBytes(8 * 1024 * 1024, 7);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        Thread writer = new Thread(() -> {
            try {
                storage.put(n, data);
            } catch (StorageException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            for (ObjectInfo o : storage.list(ObjectKind.PACK)) {
                assertThat(o.size()).isEqualTo(data.length);
            }
            try {
                assertThat(storage.get(n)).hasSize(data.length);
            } catch (ObjectNotFoundException notYet) {
                // not visible yet: allowed
            }
        }
        writer.join();
        assertThat(storage.get(n)).isEqualTo(data);
    }
}
