package io.strata.engine.repository;

/** No key of the repository is unlocked by the given password or key-encryption key. */
public final class WrongKeyException extends RepositoryException {
    public WrongKeyException(String message) {
        super(message);
    }
}
