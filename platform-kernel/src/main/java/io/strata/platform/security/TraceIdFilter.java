package io.strata.platform.security;

import io.strata.kernel.identity.MetadataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Gives every request a trace id: the one in a W3C {@code traceparent} header when the caller sent one,
 * otherwise a new random one. It goes to the log MDC, to the {@code X-Trace-Id} response header, and into
 * the metadata of every message the request sends.
 */
final class TraceIdFilter extends OncePerRequestFilter {

    static final String RESPONSE_HEADER = "X-Trace-Id";
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String traceId = fromTraceparent(request.getHeader("traceparent"));
        MDC.put(MetadataKeys.TRACE_ID, traceId);
        response.setHeader(RESPONSE_HEADER, traceId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetadataKeys.TRACE_ID);
        }
    }

    private static String fromTraceparent(String header) {
        if (header != null) {
            var matcher = TRACEPARENT.matcher(header.trim());
            if (matcher.matches() && !matcher.group(1).chars().allMatch(c -> c == '0')) {
                return matcher.group(1);
            }
        }
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
