package io.strata.engine.storage;

/** The named object does not exist. */
public final class ObjectNotFoundException extends PermanentStorageException {
    private final ObjectName object;

    public ObjectNotFoundException(ObjectName object) {
        super("object not found: " + object);
        this.object = object;
    }

    public ObjectName object() {
        return object;
    }
}
