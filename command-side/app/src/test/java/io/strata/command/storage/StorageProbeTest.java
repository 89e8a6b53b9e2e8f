package io.strata.command.storage;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.StorageException;
import io.strata.engine.storage.fault.FaultInjectingStorage;
import io.strata.engine.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The probe's round trip stays under health/, catches failing and lying storage, and usage ignores it. */
class StorageProbeTest {

    private static final Instant AT = Instant.parse("2026-11-27T10:00:00Z");
    private final StorageProbe probe = new StorageProbe();

    @Test
    void aWorkingStorageIsLeftAsItWasWithLeftoversOfEarlierProbesRemoved() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        storage.put(new ObjectName(ObjectKind.PACK, "ab".repeat(32)), new byte[100]);
        storage.put(new ObjectName(ObjectKind.HEALTH, "cd".repeat(32)), new byte[5]);
        probe.probe(storage, AT);
        assertThat(storage.list(ObjectKind.HEALTH)).isEmpty();
        assertThat(storage.list(ObjectKind.PACK)).hasSize(1);
    }

    @Test
    void aFailedWriteOrReadNamesTheStep() {
        assertThatThrownBy(() -> probe.probe(new FaultInjectingStorage(new MemoryStorage()).failNextPuts(1), AT))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("Failed writing a probe object");
        assertThatThrownBy(() -> probe.probe(new FaultInjectingStorage(new MemoryStorage()).failNextGets(1), AT))
                .isInstanceOf(StorageException.class).hasMessageStartingWith("Failed reading the probe object back");
    }

    @Test
    void aStorageReturningOtherBytesFails() {
        FaultInjectingStorage lying = new FaultInjectingStorage(new MemoryStorage())
                .corruptReadsOf(name -> name.kind() == ObjectKind.HEALTH);
        assertThatThrownBy(() -> probe.probe(lying, AT)).isInstanceOf(StorageException.class)
                .hasMessageContaining("differs");
    }

    @Test
    void usageSumsTheRepositoryObjectsOnly() throws Exception {
        MemoryStorage storage = new MemoryStorage();
        storage.put(ObjectName.CONFIG, new byte[10]);
        storage.put(new ObjectName(ObjectKind.PACK, "ab".repeat(32)), new byte[1000]);
        storage.put(new ObjectName(ObjectKind.SNAPSHOT, "cd".repeat(32)), new byte[30]);
        storage.put(new ObjectName(ObjectKind.HEALTH, "ef".repeat(32)), new byte[7]);
        assertThat(probe.measure(storage)).isEqualTo(new StorageProbe.Usage(1040, 3));
    }
}
