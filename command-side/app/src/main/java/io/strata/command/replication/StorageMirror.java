package io.strata.command.replication;

import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a target storage hold every object of a source storage (locks excepted). Copies in dependency order
 * (keys and config, then packs, then indexes, snapshots last), so at every moment the target's snapshots
 * reference only data it already holds: an interrupted mirror leaves a consistent, older repository. Each
 * copy is read back from the target and checked against its name (the SHA-256 of its bytes; the config
 * byte for byte), so a copy corrupted on the way or at rest is caught now, not at restore time.
 */
final class StorageMirror {

    private static final List<ObjectKind> ORDER = List.of(ObjectKind.KEY, ObjectKind.CONFIG, ObjectKind.PACK,
            ObjectKind.INDEX, ObjectKind.SNAPSHOT);

    /** What a mirror did: objects and bytes copied, and objects the target has that the source does not. */
    record Result(long objectsCopied, long bytesCopied, long extras) {
    }

    Result mirror(Storage source, Storage target) throws StorageException {
        long objects = 0;
        long bytes = 0;
        long extras = 0;
        for (ObjectKind kind : ORDER) {
            List<ObjectInfo> wanted = kind == ObjectKind.CONFIG ? configOf(source) : source.list(kind);
            Set<ObjectName> present = (kind == ObjectKind.CONFIG ? configOf(target) : target.list(kind)).stream()
                    .map(ObjectInfo::name).collect(Collectors.toSet());
            Set<ObjectName> wantedNames = wanted.stream().map(ObjectInfo::name).collect(Collectors.toSet());
            extras += present.stream().filter(name -> !wantedNames.contains(name)).count();
            for (ObjectInfo object : wanted) {
                if (present.contains(object.name())) {
                    continue;
                }
                byte[] data = source.get(object.name());
                check(object.name(), data, source.describe());
                target.put(object.name(), data);
                byte[] copy = target.get(object.name());
                if (!Arrays.equals(copy, data)) {
                    throw new PermanentStorageException("The copy of " + object.name() + " in " + target.describe()
                            + " does not read back as written");
                }
                objects++;
                bytes += data.length;
            }
        }
        return new Result(objects, bytes, extras);
    }

    private static List<ObjectInfo> configOf(Storage storage) throws StorageException {
        return storage.exists(ObjectName.CONFIG) ? List.of(new ObjectInfo(ObjectName.CONFIG, -1)) : List.of();
    }

    /** A hash-named object must hash to its name; a damaged source object is never propagated. */
    private static void check(ObjectName name, byte[] data, String where) throws PermanentStorageException {
        if (name.kind() == ObjectKind.CONFIG) {
            return;
        }
        String hash = HexFormat.of().formatHex(sha256(data));
        if (!hash.equals(name.name())) {
            throw new PermanentStorageException("The object " + name + " in " + where + " does not match its hash: it is"
                    + " damaged and is not copied");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
