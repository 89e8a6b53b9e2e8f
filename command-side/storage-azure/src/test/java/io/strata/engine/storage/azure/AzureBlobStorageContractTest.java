package io.strata.engine.storage.azure;

import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine's storage contract against Azurite's blob service. Each test gets a fresh name
 * prefix in one shared container, which also exercises prefix isolation.
 */
class AzureBlobStorageContractTest extends StorageContractTest {
    @RegisterExtension
    static final AzuriteExtension AZURITE = new AzuriteExtension();

    private static final AtomicInteger REPOS = new AtomicInteger();

    @Override
    protected Storage createStorage() throws Exception {
        AzureBlobStorage s = new AzureBlobStorage(AzureBlobConfig.builder("contract")
                .prefix("tenants/t" + REPOS.incrementAndGet()).build(), AZURITE.sharedKey());
        s.ensureContainer();
        return s;
    }
}
