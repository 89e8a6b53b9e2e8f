package io.strata.engine.output;

import java.io.IOException;

/**
 * The restore target has no room left: its disk is full (no free block or inode) or a quota is used up. Every
 * further file would fail the same way, so the restorer stops at the first one (see
 * {@link io.strata.engine.restorer.RestoreResult#targetFull}) instead of trying, and listing, each of them.
 */
public final class OutputFullException extends IOException {
    public OutputFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
