package io.strata.kernel.plan;

/** The kinds of plan source. */
public enum SourceType {
    /** Files and directories of the server, with exclude patterns. */
    PATHS,
    /** The standard output of a command run on the server (a database dump), stored as one file. */
    COMMAND
}
