package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Query parameters are checked against the route before its handler runs ({@link UnknownQueryParameters}). */
@Configuration
class RequestParameterConfiguration implements WebMvcConfigurer {

    private final ProblemWriter problems;

    RequestParameterConfiguration(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new UnknownQueryParameters(problems));
    }
}
