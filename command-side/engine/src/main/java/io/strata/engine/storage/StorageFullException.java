package io.strata.engine.storage;

/**
 * A write refused because the location has no room left: the disk is full or a quota is used up
 * (local ENOSPC or EDQUOT; an S3 server's storage-full or quota error). Retrying at once will not
 * help; freeing space (or a larger quota) will. Callers report it as such rather than as an outage.
 */
public final class StorageFullException extends PermanentStorageException {
    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
