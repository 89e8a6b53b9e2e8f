package io.strata.engine.storage.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;
import io.strata.engine.storage.fault.FaultInjectingStorage;
import io.strata.engine.storage.memory.MemoryStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retries transient failures with doubling backoff; passes permanent ones through at once. */
class RetryingStorageTest extends StorageContractTest {
    @Override
    protected Storage createStorage() {
        return new RetryingStorage(new MemoryStorage(), 3, Duration.ofMillis(1), d -> { });
    }

    @Test
    void transientFailuresAreRetriedWithDoublingBackoff() throws Exception {
        FaultInjectingStorage faulty = new FaultInjectingStorage(new MemoryStorage());
        List<Duration> sleeps = new ArrayList<>();
        RetryingStorage r = new RetryingStorage(faulty, 4, Duration.ofMillis(100), sleeps::add);
        byte[] data = randomBytes(10, 1);
        ObjectName n = nameFor(ObjectKind.SNAPSHOT, data);
        faulty.failNextPuts(3);
        r.put(n, data);
        assertThat(r.get(n)).isEqualTo(data);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void givesUpAfterTheAttemptsAndNeverRetriesPermanentErrors() throws Exception {
        FaultInjectingStorage faulty = new FaultInjectingStorage(new MemoryStorage());
        List<Duration> sleeps = new ArrayList<>();
        RetryingStorage r = new RetryingStorage(faulty, 2, Duration.ofMillis(1), sleeps::add);
        byte[] data = randomBytes(10, 2);
        ObjectName n = nameFor(ObjectKind.SNAPSHOT, data);
        faulty.failNextPuts(5);
        assertThatThrownBy(() -> r.put(n, data)).isInstanceOf(RetryableStorageException.class);
        assertThat(sleeps).hasSize(1);
        sleeps.clear();
        assertThatThrownBy(() -> r.get(nameFor(ObjectKind.SNAPSHOT, new byte[] {9})))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(sleeps).isEmpty();
    }
}
