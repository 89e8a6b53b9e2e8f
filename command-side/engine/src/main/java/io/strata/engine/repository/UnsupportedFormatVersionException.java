package io.strata.engine.repository;

/** The repository was written in a format version this engine does not read. */
public final class UnsupportedFormatVersionException extends RepositoryException {
    public UnsupportedFormatVersionException(String found, int supported) {
        super("repository format version " + found + " is not supported (this engine reads version " + supported
                + "); use a newer Strata engine");
    }
}
