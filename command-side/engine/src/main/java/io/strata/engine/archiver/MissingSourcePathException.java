package io.strata.engine.archiver;

import java.util.List;

/** Paths given to back up do not exist at the source; nothing was written. */
public final class MissingSourcePathException extends RuntimeException {
    private final List<String> paths;

    public MissingSourcePathException(List<String> paths) {
        super("source paths not found: " + String.join(", ", paths));
        this.paths = List.copyOf(paths);
    }

    public List<String> paths() {
        return paths;
    }
}
