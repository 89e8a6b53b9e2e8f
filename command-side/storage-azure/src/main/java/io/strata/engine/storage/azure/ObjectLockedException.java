package io.strata.engine.storage.azure;

import io.strata.engine.storage.ObjectName;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * Why a delete was refused: the object is under an Azure immutability policy or a legal hold.
 *
 * <p>The engine's {@code PermanentStorageException} is sealed, so this backend cannot throw a
 * subtype of it. A refused delete is therefore a {@code PermanentStorageException} whose
 * {@linkplain Throwable#getCause() cause} is this exception; {@link #in(Throwable)} finds it.
 */
public final class ObjectLockedException extends IOException {
    private final transient ObjectName object;
    private final Instant retainUntil;

    public ObjectLockedException(ObjectName object, Instant retainUntil, String detail) {
        super(object + " is locked" + (retainUntil == null ? "" : " until " + retainUntil) + ": " + detail);
        this.object = object;
        this.retainUntil = retainUntil;
    }

    public ObjectName object() {
        return object;
    }

    /** When the retention ends, or null when unknown or when a legal hold (without end) applies. */
    public Instant retainUntil() {
        return retainUntil;
    }

    /** The ObjectLockedException in a throwable's cause chain, if any. */
    public static Optional<ObjectLockedException> in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ObjectLockedException e) {
                return Optional.of(e);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Optional.empty();
    }
}
