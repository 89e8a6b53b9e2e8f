package io.strata.engine.restorer;

/** A path that could not be restored (or did not verify), and why. */
public record FailedFile(String path, String reason) {
}
