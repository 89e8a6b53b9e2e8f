package io.strata.engine.storage.s3;

import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine's storage contract against a real S3 API (S3Proxy on loopback). Each test gets a
 * fresh key prefix in one shared bucket, which also exercises prefix isolation: no test sees
 * another's objects.
 */
class S3StorageContractTest extends StorageContractTest {
    @RegisterExtension
    static final S3ProxyExtension S3 = new S3ProxyExtension();

    private static final AtomicInteger REPOS = new AtomicInteger();

    @Override
    protected Storage createStorage() throws Exception {
        S3Storage s = new S3Storage(S3Config.builder(S3.endpoint(), "contract")
                .addressing(S3Config.Addressing.PATH)
                .prefix("tenants/t" + REPOS.incrementAndGet())
                .build(), new S3Credentials(S3ProxyExtension.ACCESS_KEY, S3ProxyExtension.SECRET_KEY));
        s.ensureBucket();
        return s;
    }
}
