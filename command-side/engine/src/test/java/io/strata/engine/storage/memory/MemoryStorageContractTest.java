package io.strata.engine.storage.memory;

import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;

/** The in-memory backend honours the storage contract. */
class MemoryStorageContractTest extends StorageContractTest {
    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
