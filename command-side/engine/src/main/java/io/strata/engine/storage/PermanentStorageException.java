package io.strata.engine.storage;

/** A failure that retrying will not fix (missing object, bad range, permission denied, full disk). */
public sealed class PermanentStorageException extends StorageException permits ObjectNotFoundException, ObjectLockedException,
        StorageFullException {
    public PermanentStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentStorageException(String message) {
        super(message, null);
    }
}
