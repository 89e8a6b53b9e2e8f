package io.strata.engine.storage;

/** The kinds of repository objects; each is listed separately. */
public enum ObjectKind {
    /** The single {@code config} object. */
    CONFIG("config"),
    /** Wraps of the master key. */
    KEY("keys"),
    /** Snapshot objects. */
    SNAPSHOT("snapshots"),
    /** Index objects: which blob is in which pack. */
    INDEX("index"),
    /** Pack files holding blobs. */
    PACK("data"),
    /** Lock objects of running operations. */
    LOCK("locks"),
    /**
     * Availability probes: small objects a platform writes, reads back and deletes to check that the storage
     * works. Never part of a repository; the engine neither reads nor copies them.
     */
    HEALTH("health");

    private final String directory;

    ObjectKind(String directory) {
        this.directory = directory;
    }

    /** The conventional directory (or key prefix) of this kind. */
    public String directory() {
        return directory;
    }
}
