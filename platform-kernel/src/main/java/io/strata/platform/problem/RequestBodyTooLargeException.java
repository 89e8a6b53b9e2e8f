package io.strata.platform.problem;

import java.io.IOException;

/** Thrown while reading a request body that exceeds the configured limit; answered with 413. */
public class RequestBodyTooLargeException extends IOException {

    private final long limitBytes;

    public RequestBodyTooLargeException(long limitBytes) {
        super("The request body is larger than " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
