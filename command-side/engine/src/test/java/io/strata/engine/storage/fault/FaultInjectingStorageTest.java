package io.strata.engine.storage.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;
import io.strata.engine.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

/** With no faults set, the decorator is transparent (contract suite); each fault does what it says. */
class FaultInjectingStorageTest extends StorageContractTest {
    @Override
    protected Storage createStorage() {
        return new FaultInjectingStorage(new MemoryStorage());
    }

    @Test
    void injectedFaultsFailTheChosenCallsOnly() throws Exception {
        FaultInjectingStorage f = new FaultInjectingStorage(new MemoryStorage());
        byte[] data = randomBytes(100, 1);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        f.failNextPuts(1);
        assertThatThrownBy(() -> f.put(n, data)).isInstanceOf(RetryableStorageException.class);
        assertThat(f.exists(n)).isFalse();
        f.put(n, data);
        f.failNextGets(1);
        assertThatThrownBy(() -> f.get(n)).isInstanceOf(RetryableStorageException.class);
        assertThat(f.get(n)).isEqualTo(data);
        f.corruptReadsOf(x -> x.equals(n));
        assertThat(f.get(n)).isNotEqualTo(data);
        f.crashAfterPuts(0);
        assertThatThrownBy(() -> f.put(nameFor(ObjectKind.INDEX, data), data)).isInstanceOf(PermanentStorageException.class);
    }
}
