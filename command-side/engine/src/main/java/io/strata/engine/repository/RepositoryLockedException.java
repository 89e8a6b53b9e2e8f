package io.strata.engine.repository;

/** Another operation holds a conflicting lock (e.g. GC while a backup runs). */
public final class RepositoryLockedException extends RepositoryException {
    public RepositoryLockedException(String message) {
        super(message);
    }
}
