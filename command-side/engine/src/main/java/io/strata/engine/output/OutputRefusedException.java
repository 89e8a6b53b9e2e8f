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
        return reason == null ? null : of(reason, where, "", e);
    }

    /**
     * {@code e} as a refusal of the target {@code where} for {@code reason}, worded the same for every output;
     * {@code detail} (may be empty) follows the reason, e.g. what the file system reported when {@code e} does not say.
     */
    public static OutputRefusedException of(WriteRefusal reason, String where, String detail, IOException e) {
        String said = reason == WriteRefusal.FULL ? "no room left in " + where : where + " is on a read-only file system";
        return new OutputRefusedException(reason, said + detail + ": " + e.getMessage(), e);
    }

    public WriteRefusal reason() {
        return reason;
    }
}
