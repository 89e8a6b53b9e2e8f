package io.strata.engine.repository;

/**
 * A stored object or blob is damaged: its name does not match its hash, it fails authentication,
 * or it does not decode. Names the object (e.g. {@code data/4f3a...}) and, for blobs, the blob.
 */
public class CorruptObjectException extends RepositoryException {
    private final String object;
    private final String blob;

    public CorruptObjectException(String object, String blob, String detail) {
        super((blob == null ? object : "blob " + blob + " in " + object) + ": " + detail);
        this.object = object;
        this.blob = blob;
    }

    public CorruptObjectException(String object, String detail) {
        this(object, null, detail);
    }

    /** The damaged stored object, as {@code kind/name}. */
    public String object() {
        return object;
    }

    /** The damaged blob's id in hex, or null when the whole object is at fault. */
    public String blob() {
        return blob;
    }
}
