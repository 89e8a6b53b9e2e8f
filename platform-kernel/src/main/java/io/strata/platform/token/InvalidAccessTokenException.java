package io.strata.platform.token;

/** An access token that must not be honoured; {@code code} says why (stable, shown to the caller). */
public class InvalidAccessTokenException extends RuntimeException {

    private final String code;

    public InvalidAccessTokenException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
