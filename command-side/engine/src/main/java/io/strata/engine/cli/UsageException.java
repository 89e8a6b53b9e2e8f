package io.strata.engine.cli;

/** The command line does not say what to do: its message and the command's usage go to stderr, exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
