package io.strata.engine.repository;

import io.strata.engine.storage.RetryableStorageException;
import io.strata.engine.storage.StorageException;

/** A storage failure surfaced through the repository; {@link #retryable()} keeps the storage's verdict. */
public final class RepositoryStorageException extends RepositoryException {
    public RepositoryStorageException(String what, StorageException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }

    public boolean retryable() {
        return getCause() instanceof RetryableStorageException;
    }
}
