package io.strata.engine.storage;

import java.io.IOException;

/** A storage operation failed; see the two subclasses for whether to retry. */
public abstract sealed class StorageException extends IOException
        permits RetryableStorageException, PermanentStorageException {
    protected StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
