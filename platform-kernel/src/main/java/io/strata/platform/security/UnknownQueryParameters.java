package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import io.strata.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.BeanUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses query parameters a route does not take, as unknown fields in a body are refused: a script asking
 * for {@code /api/v1/backups?stauts=FAILED} would otherwise get every backup and could take them all for
 * failed ones. 400 {@code UNKNOWN_PARAMETER} names the parameter. A route's parameters are those Spring binds
 * from the request for its handler ({@link RequestParam}s, and simple-typed parameters without annotations);
 * only Strata's own controllers are checked (not the actuator's).
 */
final class UnknownQueryParameters implements HandlerInterceptor {
    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    private final ProblemWriter problems;
    private final Map<Method, Set<String>> accepted = new ConcurrentHashMap<>();

    UnknownQueryParameters(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        String query = request.getQueryString();
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith("io.strata.")
                || query == null || query.isEmpty()) {
            return true;
        }
        Set<String> names = accepted.computeIfAbsent(method.getMethod(), m -> requestParameters(method));
        for (String name : queryNames(query)) {
            if (!names.contains(name)) {
                problems.write(response, Problems.of(HttpStatus.BAD_REQUEST, "UNKNOWN_PARAMETER",
                        "Unknown query parameter '" + name + "'" + (names.isEmpty() ? ": this route takes none"
                                : "; this route takes " + String.join(", ", names.stream().sorted().toList())),
                        Map.of("parameter", name)));
                return false;
            }
        }
        return true;
    }

    /** The names in a query string (form-decoded, as the servlet container reads them), empty ones left out. */
    private static Set<String> queryNames(String query) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String pair : query.split("&")) {
            String raw = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
            String name;
            try {
                name = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                name = raw; // a broken escape: no route takes it, so it is refused by its raw name
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static Set<String> requestParameters(HandlerMethod method) {
        Set<String> names = new HashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            // a simple-typed parameter without annotations is a request parameter too, as Spring binds it
            boolean implicit = param == null && BeanUtils.isSimpleProperty(parameter.getNestedParameterType())
                    && java.util.Arrays.stream(parameter.getParameterAnnotations()).noneMatch(a ->
                            a.annotationType().getPackageName().equals(RequestParam.class.getPackageName()));
            if (param != null || implicit) {
                parameter.initParameterNameDiscovery(NAMES);
                String declared = param == null ? "" : StringUtils.hasText(param.name()) ? param.name() : param.value();
                names.add(StringUtils.hasText(declared) ? declared : parameter.getParameterName());
            }
        }
        return Set.copyOf(names);
    }
}
