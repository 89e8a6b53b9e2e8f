package io.strata.engine.repository;

/** A blob referenced by a tree or snapshot is in no index: data was lost or never written. */
public final class MissingBlobException extends RepositoryException {
    private final String blob;

    public MissingBlobException(String blob) {
        super("blob " + blob + " is not in the index");
        this.blob = blob;
    }

    public String blob() {
        return blob;
    }
}
