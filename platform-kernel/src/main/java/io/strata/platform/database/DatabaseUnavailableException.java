package io.strata.platform.database;

/** The platform cannot use its database; the message is one line saying what was tried and how to fix it. */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
