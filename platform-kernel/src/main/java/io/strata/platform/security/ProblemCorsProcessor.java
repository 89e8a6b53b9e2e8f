package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.cors.DefaultCorsProcessor;

import java.io.IOException;

/**
 * Refuses a cross-origin request the node does not allow (no origin is configured: the portal is served by the
 * node itself) with a problem document, {@code 403 CORS_REJECTED}, instead of the framework's plain-text
 * "Invalid CORS request".
 */
final class ProblemCorsProcessor extends DefaultCorsProcessor {

    private final ProblemWriter problems;

    ProblemCorsProcessor(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
        if (response instanceof ServletServerHttpResponse servlet) {
            problems.write(servlet.getServletResponse(), HttpStatus.FORBIDDEN, "CORS_REJECTED",
                    "Cross-origin requests from this origin are not allowed");
            return;
        }
        super.rejectRequest(response);
    }
}
