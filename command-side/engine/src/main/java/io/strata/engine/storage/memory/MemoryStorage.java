package io.strata.engine.storage.memory;

import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.ObjectNotFoundException;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Objects held in memory; puts copy the bytes so callers may reuse their buffers. */
public final class MemoryStorage implements Storage {
    private final Map<ObjectName, byte[]> objects = new ConcurrentHashMap<>();

    @Override
    public void put(ObjectName name, byte[] data, int length) {
        Objects.checkFromIndexSize(0, length, data.length);
        objects.put(name, Arrays.copyOf(data, length));
    }

    @Override
    public byte[] get(ObjectName name) throws StorageException {
        byte[] b = objects.get(name);
        if (b == null) {
            throw new ObjectNotFoundException(name);
        }
        return b.clone();
    }

    @Override
    public byte[] get(ObjectName name, long offset, int length) throws StorageException {
        byte[] b = objects.get(name);
        if (b == null) {
            throw new ObjectNotFoundException(name);
        }
        if (offset < 0 || length < 0 || offset + length > b.length) {
            throw new PermanentStorageException("range " + offset + "+" + length + " outside " + name);
        }
        return Arrays.copyOfRange(b, (int) offset, (int) offset + length);
    }

    @Override
    public List<ObjectInfo> list(ObjectKind kind) {
        List<ObjectInfo> out = new ArrayList<>();
        objects.forEach((n, b) -> {
            if (n.kind() == kind) {
                out.add(new ObjectInfo(n, b.length));
            }
        });
        return out;
    }

    @Override
    public void delete(ObjectName name) {
        objects.remove(name);
    }

    @Override
    public boolean exists(ObjectName name) {
        return objects.containsKey(name);
    }

    @Override
    public String describe() {
        return "memory:" + Integer.toHexString(System.identityHashCode(this));
    }

    /** Test hook: replaces an object's bytes in place, bypassing the contract (simulates bit rot). */
    public void overwriteForTesting(ObjectName name, byte[] data) {
        objects.put(name, data.clone());
    }
}
