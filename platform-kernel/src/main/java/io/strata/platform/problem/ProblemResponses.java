package io.strata.platform.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.platform.database.StorableText;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingModificationException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns every exception that reaches MVC into a problem document with a stable {@code code}. Bad input is
 * always a 4xx; only a defect of the platform is a 500, and its detail is never shown to the caller.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemResponses {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        HttpStatus status = Problems.statusOf(e.kind());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        Object retryAfter = e.details().get("retryAfterSeconds");
        if (e.kind() == ErrorKind.THROTTLED && retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return response.body(Problems.of(status, e.code(), e.getMessage(), e.details()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::fieldError)
                .toList();
        String fields = errors.stream().map(error -> error.get("field")).distinct().collect(Collectors.joining(", "));
        return Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "Invalid fields: " + fields,
                Map.of("errors", errors));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameters(HandlerMethodValidationException e) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.of(
                        "field", String.valueOf(result.getMethodParameter().getParameterName()),
                        "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return Problems.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "Invalid parameters",
                Map.of("errors", errors));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof RequestBodyTooLargeException tooLarge) {
            return tooLarge(tooLarge);
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return Problems.of(HttpStatus.BAD_REQUEST, "UNKNOWN_FIELD",
                    "Unknown field '" + unknown.getPropertyName() + "'",
                    Map.of("field", path(unknown)));
        }
        if (cause instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                && !StorableText.isStorable(text)) {
            return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_CHARACTER", "Field '" + path(invalid)
                    + "' must not contain NUL characters or lone UTF-16 surrogates (escapes such as \\udcff without"
                    + " their pair)", Map.of("field", path(invalid)));
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_FIELD_VALUE",
                    "Field '" + path(mismatched) + "' has a value of the wrong type or shape",
                    Map.of("field", path(mismatched)));
        }
        if (cause instanceof InputCoercionException outOfRange) {
            String field = fieldBeingRead(outOfRange);
            return field == null
                    ? Problems.of(HttpStatus.BAD_REQUEST, "INVALID_FIELD_VALUE", "A number is out of range")
                    : Problems.of(HttpStatus.BAD_REQUEST, "INVALID_FIELD_VALUE", "Field '" + field + "' holds a number out of range",
                    Map.of("field", field));
        }
        if (cause instanceof JsonProcessingException) {
            return Problems.of(HttpStatus.BAD_REQUEST, "MALFORMED_JSON", "The request body is not valid JSON");
        }
        return Problems.of(HttpStatus.BAD_REQUEST, "MISSING_BODY", "The request needs a JSON body");
    }

    @ExceptionHandler(RequestBodyTooLargeException.class)
    ProblemDetail tooLarge(RequestBodyTooLargeException e) {
        return Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", e.getMessage(),
                Map.of("limitBytes", e.limitBytes()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "Send the body as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ProblemDetail methodNotAllowed(HttpRequestMethodNotSupportedException e) {
        return Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                "Method " + e.getMethod() + " is not allowed here");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ProblemDetail noRoute(NoResourceFoundException e) {
        return Problems.forStatus(HttpStatus.NOT_FOUND);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missingParameter(MissingServletRequestParameterException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                "Parameter '" + e.getParameterName() + "' is required");
        problem.setProperty("parameter", e.getParameterName());
        return problem;
    }

    /** Says what the parameter takes, in the API's terms (never the server's class names). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail invalidParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String takes;
        if (type != null && type.isEnum()) {
            takes = "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        } else if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            takes = "a whole number";
        } else if (type == Boolean.class || type == boolean.class) {
            takes = "true or false";
        } else {
            takes = "a value of another form";
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER",
                "Parameter '" + e.getName() + "' must be " + takes + "; got '" + e.getValue() + "'");
        problem.setProperty("parameter", e.getName());
        return problem;
    }

    /**
     * The client closed the connection while its answer was being written (a download broken off, a stream
     * left): nothing can be sent to it any more, and nothing went wrong on this side.
     */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        log.debug("The client closed the connection: {}", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail illegalArgument(IllegalArgumentException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
    }

    /**
     * A command for an aggregate that does not exist, or for an id that names another kind of aggregate (its
     * events leave this kind without an identity): for the caller, the resource is not there. Both answer
     * alike, so an id of another tenant's resource of another kind reveals nothing.
     */
    @ExceptionHandler({AggregateNotFoundException.class, IncompatibleAggregateException.class})
    ProblemDetail aggregateNotFound(Exception e) {
        return Problems.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such resource");
    }

    @ExceptionHandler({ConflictingModificationException.class})
    ProblemDetail conflictingModification(Exception e) {
        return Problems.of(HttpStatus.CONFLICT, "CONCURRENT_MODIFICATION",
                "The resource was changed by another request; retry");
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ProblemDetail accessDenied(Exception e) {
        return Problems.of(HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role does not allow this");
    }

    @ExceptionHandler(EventStoreException.class)
    ProblemDetail eventStore(EventStoreException e) {
        log.error("Event store refused an append", e);
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "EVENT_STORE_UNAVAILABLE",
                "The platform could not record the change; retry");
    }

    private static ProblemDetail springError(ErrorResponse e) {
        HttpStatusCode status = e.getStatusCode();
        HttpStatus known = HttpStatus.resolve(status.value());
        HttpStatus answer = known == null ? HttpStatus.BAD_REQUEST : known;
        return Problems.of(answer, answer.name(), String.valueOf(e.getBody().getDetail()));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        DomainException domain = causeOf(e, DomainException.class);
        if (domain != null) {
            return domain(domain).getBody();
        }
        if (causeOf(e, AggregateNotFoundException.class) != null || causeOf(e, IncompatibleAggregateException.class) != null) {
            return aggregateNotFound(e);
        }
        if (e instanceof ErrorResponse springError && springError.getStatusCode().is4xxClientError()) {
            return springError(springError);
        }
        log.error("Unexpected failure while serving a request", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The platform failed to serve this request; it has been logged");
    }

    /** The name of the field the parser stood on when it failed, if it can say. */
    private static String fieldBeingRead(InputCoercionException e) {
        try {
            return e.getProcessor() instanceof JsonParser parser ? parser.currentName() : null;
        } catch (java.io.IOException unreadable) {
            return null;
        }
    }

    /** The first of {@code e} and its causes that is a {@code kind}, or null. */
    private static <T extends Throwable> T causeOf(Throwable e, Class<T> kind) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return kind.cast(t);
            }
        }
        return null;
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
    }

    /** The JSON path of the value that failed, as {@code sources[0].paths[1]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() == null) {
                path.append('[').append(reference.getIndex()).append(']');
            } else {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
        }
        return path.toString();
    }
}
