package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Map;

/**
 * Refuses with 400 {@code INVALID_CHARACTER} a request whose query parameters hold a NUL character
 * ({@code %00}): no text column can store one, so it would otherwise reach the database and fail there. JSON
 * bodies get the same check when they are read ({@link StorableTextDeserializer}).
 */
final class NulParameterFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    NulParameterFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                if (hasNul(parameter.getKey()) || anyHasNul(parameter.getValue())) {
                    problems.write(response, HttpStatus.BAD_REQUEST, "INVALID_CHARACTER",
                            "Query parameters must not contain NUL characters");
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean anyHasNul(String[] values) {
        for (String v : values) {
            if (hasNul(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }
}
