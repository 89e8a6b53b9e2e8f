package io.strata.engine.output;

import io.strata.engine.metadata.WriteRefusal;
import java.io.IOException;

/**
 * The restore target refuses every further write: its disk is full (no free block or inode) or a quota is used up,
 * or its file system is mounted read-only. Every further file would fail the same way, so the restorer stops at the
 * first one (see {@link io.strata.engine.restorer.RestoreResult#targetRefused}) instead of trying, and listing, each
 * of them.
 */
public final class OutputRefusedException extends IOException {
    private final WriteRefusal reason;

    public OutputRefusedException(WriteRefusal reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * {@code e} as a refusal of the target {@code where} when the system's message says it is one
     * ({@link WriteRefusal}), saying so; null otherwise.
     */
    public static OutputRefusedException of(IOException e, String where) {
        WriteRefusal reason = WriteRefusal.of(e);
        if (reason == null) {
            return null;
        }
        return new OutputRefusedException(reason, (reason == WriteRefusal.FULL ? "no room left in " + where
                : where + " is on a read-only file system") + ": " + e.getMessage(), e);
    }

    public WriteRefusal reason() {
        return reason;
    }
}
