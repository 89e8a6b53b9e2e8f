package io.strata.engine.codec;

/** A binary structure could not be decoded: truncated, overlong or out-of-range fields. */
public final class MalformedEncodingException extends RuntimeException {
    public MalformedEncodingException(String message) {
        super(message);
    }
}
