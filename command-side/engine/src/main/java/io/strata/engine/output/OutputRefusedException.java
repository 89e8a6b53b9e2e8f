package io.strata.engine.output;

import java.io.IOException;

/**
 * The restore target refuses every further write: its disk is full (no free block or inode) or a quota is used up,
 * or its file system is mounted read-only. Every further file would fail the same way, so the restorer stops at the
 * first one (see {@link io.strata.engine.restorer.RestoreResult#targetRefused}) instead of trying, and listing, each
 * of them.
 */
public final class OutputRefusedException extends IOException {
    /** Why the target refuses writes. */
    public enum Reason {
        /** No room left: a full disk or a used-up quota (ENOSPC, EDQUOT). */
        FULL,
        /** A file system mounted read-only (EROFS). */
        READ_ONLY
    }

    private final Reason reason;

    public OutputRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
