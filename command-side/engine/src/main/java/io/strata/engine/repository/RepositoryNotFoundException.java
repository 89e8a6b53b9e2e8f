package io.strata.engine.repository;

/** The storage holds no repository (no config object), or already holds one when creating. */
public final class RepositoryNotFoundException extends RepositoryException {
    public RepositoryNotFoundException(String message) {
        super(message);
    }
}
