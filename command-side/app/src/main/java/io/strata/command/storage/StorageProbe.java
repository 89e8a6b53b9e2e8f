package io.strata.command.storage;

import io.strata.engine.storage.ObjectInfo;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.PermanentStorageException;
import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Checks that a storage works the way backups use it: puts a small object under the reserved {@code health/}
 * prefix (never a repository object's name: see FORMAT.md), reads it back and compares, deletes it, and
 * deletes any probe object an earlier, interrupted probe left. Also measures what the repository occupies.
 */
final class StorageProbe {

    /** The kinds that make up a repository; {@code health/} is the probe's own and is not counted. */
    private static final List<ObjectKind> REPOSITORY = List.of(ObjectKind.CONFIG, ObjectKind.KEY, ObjectKind.SNAPSHOT,
            ObjectKind.INDEX, ObjectKind.PACK, ObjectKind.LOCK);

    private final SecureRandom random = new SecureRandom();

    /** What a repository occupies: the sum of its objects' sizes, and their number. */
    record Usage(long bytes, long objects) {
    }

    /** Throws with the failing step in the message when the storage does not work. */
    void probe(Storage storage, Instant at) throws StorageException {
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        byte[] content = (HexFormat.of().formatHex(nonce) + " strata health probe " + at + "\n").getBytes(StandardCharsets.UTF_8);
        ObjectName name = ObjectName.of(ObjectKind.HEALTH, sha256(content));
        try {
            storage.put(name, content);
        } catch (StorageException e) {
            throw step("writing a probe object", e);
        }
        byte[] back;
        try {
            back = storage.get(name);
        } catch (StorageException e) {
            throw step("reading the probe object back", e);
        }
        if (!Arrays.equals(back, content)) {
            throw new PermanentStorageException("The probe object read back differs from what was written");
        }
        try {
            storage.delete(name);
            for (ObjectInfo leftover : storage.list(ObjectKind.HEALTH)) {
                storage.delete(leftover.name());
            }
        } catch (StorageException e) {
            throw step("deleting the probe object", e);
        }
    }

    Usage measure(Storage storage) throws StorageException {
        long bytes = 0;
        long objects = 0;
        for (ObjectKind kind : REPOSITORY) {
            for (ObjectInfo object : storage.list(kind)) {
                bytes += Math.max(0, object.size());
                objects++;
            }
        }
        return new Usage(bytes, objects);
    }

    private static StorageException step(String step, StorageException cause) {
        String message = "Failed " + step + ": " + cause.getMessage();
        return cause instanceof RetryableStorageException
                ? new RetryableStorageException(message, cause)
                : new PermanentStorageException(message, cause);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
