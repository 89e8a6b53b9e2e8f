package io.strata.engine.storage;

/** A transient failure (timeout, throttling, 5xx, connection reset): the same call may succeed later. */
public final class RetryableStorageException extends StorageException {
    public RetryableStorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public RetryableStorageException(String message) {
        super(message, null);
    }
}
