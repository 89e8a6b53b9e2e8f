package io.strata.engine.repository;

/** Base of the engine's repository errors. Unchecked: they cross executors and callbacks. */
public class RepositoryException extends RuntimeException {
    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
