package io.strata.engine.storage;

import java.time.Instant;

/**
 * A delete refused because the location keeps the object immutable (S3 Object Lock retention or legal hold,
 * Azure immutability policy or legal hold). The object is still there and readable; deleting it again after
 * {@link #retainUntil()} may succeed. Callers that clean up (garbage collection, forgetting snapshots) keep
 * such objects and report the space they hold instead of failing.
 */
public final class ObjectLockedException extends PermanentStorageException {
    private final ObjectName object;
    private final Instant retainUntil;

    /**
     * @param retainUntil when the retention ends; null when unknown or for a legal hold, which has no end
     * @param detail what the backend said, for the message
     */
    public ObjectLockedException(ObjectName object, Instant retainUntil, String detail, Throwable cause) {
        super(object + " is locked" + (retainUntil == null ? "" : " until " + retainUntil) + ": " + detail, cause);
        this.object = object;
        this.retainUntil = retainUntil;
    }

    public ObjectName object() {
        return object;
    }

    /** When the retention ends, or null when unknown or under a legal hold. */
    public Instant retainUntil() {
        return retainUntil;
    }
}
