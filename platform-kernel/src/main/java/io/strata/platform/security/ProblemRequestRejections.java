package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import io.strata.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.util.Set;

/**
 * Answers what the security firewall rejects with a problem document written at once. Left to the default
 * handler, a rejection became an error dispatch that the firewall saw again: a request with a method the API
 * has no use for ({@code PROPFIND}, {@code CONNECT}, ...) was answered 400 with an empty body. Such a request
 * now gets 405 {@code METHOD_NOT_ALLOWED} with the methods the API serves in {@code Allow}; anything else the
 * firewall refuses ({@code ;}, {@code ..}, encoded line breaks in the path) 400 {@code BAD_REQUEST}, as before.
 * Either way the detail is generic: the firewall's own message would echo the request.
 */
final class ProblemRequestRejections implements RequestRejectedHandler {
    private static final Set<String> SERVED_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
    /** The served methods as {@code Allow} lists them. */
    private static final String ALLOW = String.join(", ", SERVED_METHODS.stream().sorted().toList());

    private final ProblemWriter problems;

    ProblemRequestRejections(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        if (SERVED_METHODS.contains(request.getMethod())) {
            problems.write(response, Problems.forStatus(HttpStatus.BAD_REQUEST));
            return;
        }
        response.setHeader(HttpHeaders.ALLOW, ALLOW);
        problems.write(response, HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "The API serves only " + ALLOW);
    }
}
