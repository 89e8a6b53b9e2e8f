package io.strata.engine.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.EngineFixtures;
import io.strata.engine.blob.BlobId;
import io.strata.engine.blob.BlobType;
import io.strata.engine.codec.Hex;
import io.strata.engine.crypto.Sha256;
import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.memory.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Opening, keys, and integrity of stored objects. */
class RepositoryTest {
    private final MemoryStorage storage = new MemoryStorage();

    private BlobId storeOneBlob(Repository repo, byte[] data) {
        BlobId id = BlobId.ofContent(data, 0, data.length);
        try (BlobWriter w = repo.newWriter(false)) {
            w.save(BlobType.DATA, id, data, 0, data.length);
            w.flush();
        }
        return id;
    }

    @Test
    void aBlobWrittenIsReadBackAfterReopening() {
        byte[] data = EngineFixtures.randomBytes(300_000, 1);
        BlobId id = storeOneBlob(EngineFixtures.init(storage), data);
        Repository again = EngineFixtures.open(storage);
        assertThat(again.loadBlob(id)).isEqualTo(data);
        assertThat(again.config().version()).isEqualTo(1);
    }

    @Test
    void theWrongPasswordIsRefusedClearly() {
        EngineFixtures.init(storage);
        assertThatThrownBy(() -> Repository.open(storage, Credentials.password("nope"), EngineFixtures.options()))
                .isInstanceOf(WrongKeyException.class).hasMessageContaining("wrong password");
    }

    @Test
    void anEmptyStorageIsNoRepositoryAndInitRefusesToOverwrite() {
        assertThatThrownBy(() -> EngineFixtures.open(storage)).isInstanceOf(RepositoryNotFoundException.class);
        EngineFixtures.init(storage);
        assertThatThrownBy(() -> EngineFixtures.init(storage)).isInstanceOf(RepositoryNotFoundException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void anUnknownFormatVersionIsRefusedBeforeAnyKeyIsTried() throws Exception {
        EngineFixtures.init(storage);
        String config = new String(storage.get(ObjectName.CONFIG), StandardCharsets.UTF_8);
        storage.put(ObjectName.CONFIG, config.replace("version: 1", "version: 2").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Repository.open(storage, Credentials.password("any"), EngineFixtures.options()))
                .isInstanceOf(UnsupportedFormatVersionException.class).hasMessageContaining("version 2");
    }

    @Test
    void anAlteredConfigFailsItsMac() throws Exception {
        EngineFixtures.init(storage);
        String config = new String(storage.get(ObjectName.CONFIG), StandardCharsets.UTF_8);
        storage.put(ObjectName.CONFIG, config.replace("chunker-min: 524288", "chunker-min: 524289").getBytes());
        assertThatThrownBy(() -> EngineFixtures.open(storage)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("config");
    }

    @Test
    void aPlatformKeyEncryptionKeyWrapCoexistsWithPasswordsAndRemovingWrapsNeverTouchesData() throws Exception {
        Repository repo = EngineFixtures.init(storage);
        byte[] data = EngineFixtures.randomBytes(5000, 2);
        BlobId id = storeOneBlob(repo, data);
        Map<ObjectName, Long> dataBefore = storage.list(ObjectKind.PACK).stream()
                .collect(Collectors.toMap(ObjectInfo::name, ObjectInfo::size));
        byte[] kek = EngineFixtures.randomBytes(32, 3);
        String kekId = repo.addKey(new Credentials.KeyEncryptionKey(kek), "platform");
        String secondPw = repo.addKey(Credentials.password("second"), "ops");
        Repository viaKek = Repository.open(storage, new Credentials.KeyEncryptionKey(kek), EngineFixtures.options());
        assertThat(viaKek.loadBlob(id)).isEqualTo(data);
        String initial = repo.keys().stream().filter(k -> k.label().equals("initial")).findFirst().orElseThrow().id();
        viaKek.removeKey(initial);
        assertThatThrownBy(() -> EngineFixtures.open(storage)).isInstanceOf(WrongKeyException.class);
        assertThat(Repository.open(storage, Credentials.password("second"), EngineFixtures.options()).loadBlob(id))
                .isEqualTo(data);
        assertThatThrownBy(() -> Repository.open(storage, new Credentials.KeyEncryptionKey(EngineFixtures.randomBytes(32, 4)),
                EngineFixtures.options())).isInstanceOf(WrongKeyException.class);
        viaKek.removeKey(secondPw);
        assertThatThrownBy(() -> viaKek.removeKey(kekId)).hasMessageContaining("last key");
        assertThat(storage.list(ObjectKind.PACK).stream().collect(Collectors.toMap(ObjectInfo::name, ObjectInfo::size)))
                .isEqualTo(dataBefore);
    }

    @Test
    void anObjectWhoseBytesNoLongerMatchItsNameIsNamedAsCorrupt() throws Exception {
        Repository repo = EngineFixtures.init(storage);
        ObjectName idx = repo.writeIndexObject(List.of());
        byte[] bytes = storage.get(idx);
        bytes[bytes.length / 2] ^= 1;
        storage.overwriteForTesting(idx, bytes);
        assertThatThrownBy(() -> repo.readIndexObject(idx)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining(idx.toString()).hasMessageContaining("SHA-256 mismatch");
    }

    @Test
    void anObjectRenamedToMatchItsAlteredBytesFailsTheGcmTag() throws Exception {
        Repository repo = EngineFixtures.init(storage);
        ObjectName idx = repo.writeIndexObject(List.of());
        byte[] bytes = storage.get(idx);
        bytes[bytes.length - 3] ^= 1;
        ObjectName forged = new ObjectName(ObjectKind.INDEX, Hex.encode(Sha256.hash(bytes)));
        storage.put(forged, bytes);
        assertThatThrownBy(() -> repo.readIndexObject(forged)).isInstanceOf(CorruptObjectException.class)
                .hasMessageContaining("authentication failed");
    }

    @Test
    void aBlobWithAFlippedByteInItsPackIsNamedWithItsPack() throws Exception {
        Repository repo = EngineFixtures.init(storage);
        byte[] data = EngineFixtures.randomBytes(10_000, 5);
        BlobId id = storeOneBlob(repo, data);
        ObjectName pack = storage.list(ObjectKind.PACK).getFirst().name();
        byte[] bytes = storage.get(pack);
        bytes[20] ^= 1;
        storage.overwriteForTesting(pack, bytes);
        assertThatThrownBy(() -> EngineFixtures.open(storage).loadBlob(id)).isInstanceOf(CorruptObjectException.class)
                .satisfies(e -> {
                    CorruptObjectException c = (CorruptObjectException) e;
                    assertThat(c.object()).isEqualTo(pack.toString());
                    assertThat(c.blob()).isEqualTo(id.hex());
                });
    }

    @Test
    void locksExcludeGcWhileBackupsRunAndStaleLocksAreIgnored() {
        Repository repo = EngineFixtures.init(storage);
        try (RepositoryLock shared = repo.lockShared("backup"); RepositoryLock shared2 = repo.lockShared("backup 2")) {
            assertThatThrownBy(() -> repo.lockExclusive("gc")).isInstanceOf(RepositoryLockedException.class)
                    .hasMessageContaining("backup");
        }
        try (RepositoryLock gc = repo.lockExclusive("gc")) {
            assertThatThrownBy(() -> repo.lockShared("backup")).isInstanceOf(RepositoryLockedException.class);
        }
        RepositoryLock forgotten = repo.lockShared("crashed backup");
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(2));
        Repository future = Repository.open(storage, EngineFixtures.PASSWORD, EngineFixtures.options().withClock(later));
        try (RepositoryLock gc = future.lockExclusive("gc")) {
            assertThat(gc.exclusive()).isTrue();
        }
        forgotten.release();
    }
}
