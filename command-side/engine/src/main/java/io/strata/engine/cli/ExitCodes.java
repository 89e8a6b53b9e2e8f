package io.strata.engine.cli;

/** The CLI's documented exit codes (also in the README). */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** The command failed (storage error, damaged object that stops it, cancelled). */
    public static final int FAILED = 1;
    /** Wrong usage: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** Partly done: backup written but some files unreadable; restore finished with failed files. */
    public static final int PARTIAL = 3;
    /** check found damage. */
    public static final int DAMAGE_FOUND = 4;
    /** No repository at the given location (or one exists already, for init). */
    public static final int NO_REPOSITORY = 10;
    /** The repository is locked by a conflicting operation. */
    public static final int LOCKED = 11;
    /** Wrong password or key-encryption key. */
    public static final int WRONG_KEY = 12;
    /** The repository's format version is not supported. */
    public static final int UNSUPPORTED_VERSION = 13;

    private ExitCodes() {
    }
}
