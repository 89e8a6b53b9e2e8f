package io.strata.kernel.error;

import java.util.Map;
import java.util.Objects;

/**
 * A refusal with a stable {@code code} (UPPER_SNAKE_CASE, part of the API contract) and a message written
 * for the person who sent the request. {@code details} adds machine-readable context (never secrets).
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final Map<String, Object> details;

    public DomainException(ErrorKind kind, String code, String message) {
        this(kind, code, message, Map.of());
    }

    public DomainException(ErrorKind kind, String code, String message, Map<String, Object> details) {
        super(message);
        this.kind = Objects.requireNonNull(kind);
        this.code = Objects.requireNonNull(code);
        this.details = Map.copyOf(details);
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorKind.NOT_FOUND, "NOT_FOUND", what + " was not found");
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }
}
