package io.strata.command.replication;

import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.memory.MemoryStorage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mirroring copies what is missing, checks every copy, never spreads damage, and can be repeated. */
class StorageMirrorTest {

    private final MemoryStorage source = new MemoryStorage();
    private final MemoryStorage target = new MemoryStorage();
    private final StorageMirror mirror = new StorageMirror();

    private ObjectName put(MemoryStorage storage, ObjectKind kind, String content) throws Exception {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ObjectName name = ObjectName.of(kind, MessageDigest.getInstance("SHA-256").digest(data));
        storage.put(name, data);
        return name;
    }

    @Test
    void copiesWhatIsMissingAndIsIdempotent() throws Exception {
        source.put(ObjectName.CONFIG, "config".getBytes(StandardCharsets.UTF_8));
        put(source, ObjectKind.KEY, "key");
        ObjectName pack = put(source, ObjectKind.PACK, "pack-1");
        put(source, ObjectKind.PACK, "pack-2");
        put(source, ObjectKind.INDEX, "index");
        ObjectName snapshot = put(source, ObjectKind.SNAPSHOT, "snapshot");
        put(source, ObjectKind.LOCK, "lock");
        put(target, ObjectKind.PACK, "pack-1");
        put(target, ObjectKind.PACK, "stray");

        StorageMirror.Result first = mirror.mirror(source, target);

        assertThat(first.objectsCopied()).isEqualTo(5);
        assertThat(first.extras()).isEqualTo(1);
        assertThat(target.get(snapshot)).isEqualTo(source.get(snapshot));
        assertThat(target.get(pack)).isEqualTo(source.get(pack));
        assertThat(target.exists(ObjectName.CONFIG)).isTrue();
        assertThat(target.list(ObjectKind.LOCK)).as("locks are never copied").isEmpty();
        assertThat(mirror.mirror(source, target).objectsCopied()).as("a second mirror copies nothing").isZero();
    }

    @Test
    void aDamagedSourceObjectIsNotCopied() throws Exception {
        ObjectName pack = put(source, ObjectKind.PACK, "pack-1");
        source.put(pack, "altered after it was written".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> mirror.mirror(source, target)).isInstanceOf(PermanentStorageException.class)
                .hasMessageContaining("does not match its hash");
        assertThat(target.exists(pack)).isFalse();
    }
}
