package io.strata.engine.archiver;

/** A path the backup could not read, and why. The rest of the backup went on. */
public record FileError(String path, String reason) {
}
