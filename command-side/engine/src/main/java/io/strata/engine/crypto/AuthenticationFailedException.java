package io.strata.engine.crypto;

/**
 * Ciphertext failed authentication: it was altered, truncated, or encrypted under another key.
 * Callers translate this into a corruption error naming the object, or a wrong-key error.
 */
public final class AuthenticationFailedException extends Exception {
    public AuthenticationFailedException(String message) {
        super(message);
    }
}
