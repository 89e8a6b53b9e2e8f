package io.strata.platform.security;

import io.strata.kernel.identity.MetadataKeys;
import io.strata.platform.caller.Caller;
import io.strata.platform.problem.ProblemWriter;
import io.strata.platform.token.AccessTokenVerifier;
import io.strata.platform.token.InvalidAccessTokenException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <token>}. A request without one goes on
 * anonymously (the authorization rules decide); a request with an invalid one is refused at once with 401,
 * so a bad token never silently downgrades to anonymous access.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final AccessTokenVerifier verifier;
    private final ProblemWriter problems;

    BearerTokenFilter(AccessTokenVerifier verifier, ProblemWriter problems) {
        this.verifier = verifier;
        this.problems = problems;
    }

    /** Streamed answers (downloads) finish on an async dispatch, which must be authenticated again. */
    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(response, "INVALID_TOKEN", "Send the access token as 'Authorization: Bearer <token>'");
            return;
        }
        Caller caller;
        try {
            caller = verifier.verify(header.substring(PREFIX.length()).trim());
        } catch (InvalidAccessTokenException e) {
            refuse(response, e.code(), e.getMessage());
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        SecurityContextHolder.setContext(context);
        MDC.put(MetadataKeys.TENANT_ID, caller.tenantId().value());
        MDC.put(MetadataKeys.USER_ID, caller.userId().value());
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.TENANT_ID);
            MDC.remove(MetadataKeys.USER_ID);
            SecurityContextHolder.clearContext();
        }
    }

    private void refuse(HttpServletResponse response, String code, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        problems.write(response, HttpStatus.UNAUTHORIZED, code, detail);
    }
}
