package io.strata.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error dispatches (requests refused before any controller ran, such as those
 * the security firewall rejects for {@code ;}, {@code ..} or encoded line breaks in the path, or a body that
 * never arrived) with a problem document like every other error, instead of the framework's own JSON.
 * Requested directly, {@code /error} is not a resource: 404.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value ? HttpStatus.resolve(value) : null;
        if (status == null || !status.isError()) {
            status = HttpStatus.NOT_FOUND;
        }
        ProblemDetail problem = switch (status) {
            case NOT_FOUND -> Problems.of(status, "NOT_FOUND", "No such resource");
            case BAD_REQUEST -> Problems.of(status, "BAD_REQUEST", "The request was malformed");
            case REQUEST_TIMEOUT -> Problems.of(status, "REQUEST_TIMEOUT", "The request did not arrive in time");
            default -> status.is5xxServerError()
                    ? Problems.of(status, "INTERNAL_ERROR", "The platform failed to serve this request; it has been logged")
                    : Problems.of(status, status.name(), status.getReasonPhrase());
        };
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
