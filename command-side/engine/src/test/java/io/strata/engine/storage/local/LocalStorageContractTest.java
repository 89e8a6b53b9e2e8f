package io.strata.engine.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local-filesystem backend honours the storage contract, and lays objects out as documented. */
class LocalStorageContractTest extends StorageContractTest {
    @TempDir
    Path dir;

    @Override
    protected Storage createStorage() {
        return new LocalStorage(dir.resolve("repo"));
    }

    @Test
    void packsFanOutByTheirFirstTwoCharactersAndTemporaryFilesAreNotListed() throws Exception {
        byte[] data = randomBytes(100, 42);
        ObjectName n = nameFor(ObjectKind.PACK, data);
        storage.put(n, data);
        Path expected = dir.resolve("repo/data").resolve(n.name().substring(0, 2)).resolve(n.name());
        assertThat(expected).exists();
        Files.writeString(expected.getParent().resolve(".tmp-1234"), "half a put");
        assertThat(storage.list(ObjectKind.PACK)).hasSize(1);
    }
}
