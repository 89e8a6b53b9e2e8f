package io.strata.platform.problem;

import io.strata.kernel.error.ErrorKind;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/** Builds problem documents; the one place where a {@code code} becomes a {@code type} URI. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:strata:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, String code, String detail, Map<String, Object> details) {
        ProblemDetail problem = of(status, code, detail);
        details.forEach(problem::setProperty);
        return problem;
    }

    /**
     * The problem for a request refused with {@code status} before any controller could say why (by the
     * servlet container or the security firewall): a generic detail, never the container's own text.
     */
    public static ProblemDetail forStatus(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> of(status, "NOT_FOUND", "No such resource");
            case BAD_REQUEST -> of(status, "BAD_REQUEST", "The request was malformed");
            case REQUEST_TIMEOUT -> of(status, "REQUEST_TIMEOUT", "The request did not arrive in time");
            default -> status.is5xxServerError()
                    ? of(status, "INTERNAL_ERROR", "The platform failed to serve this request; it has been logged")
                    : of(status, status.name(), status.getReasonPhrase());
        };
    }

    public static HttpStatus statusOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }
}
