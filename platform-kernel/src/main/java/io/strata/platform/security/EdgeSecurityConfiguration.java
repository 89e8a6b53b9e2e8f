package io.strata.platform.security;

import io.strata.platform.problem.ProblemWriter;
import io.strata.platform.token.AccessTokenVerifier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The one security filter chain of a Strata node. Tokens, not sessions: no cookies are issued, so CSRF
 * protection has nothing to protect and is off.
 */
@Configuration
@EnableMethodSecurity
@EnableConfigurationProperties(HttpEdgeProperties.class)
class EdgeSecurityConfiguration {

    static final String[] ANONYMOUS_POSTS = {"/api/v1/auth/signup", "/api/v1/auth/login", "/api/v1/auth/refresh"};

    @Bean
    SecurityFilterChain edgeSecurity(HttpSecurity http, AccessTokenVerifier verifier, ProblemWriter problems)
            throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(verifier, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        // every method, so that a GET there is answered 405 (only POST is served), not 401
                        .requestMatchers(ANONYMOUS_POSTS).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/api/**").authenticated()
                        .requestMatchers("/api/**").hasAnyRole("OWNER", "ADMIN", "OPERATOR")
                        .anyRequest().permitAll())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> problems.write(response,
                                HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "This route needs a valid access token"))
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role does not allow this")))
                .build();
    }

    /** Picked up by Spring Security for its firewall's rejections. */
    @Bean
    ProblemRequestRejections problemRequestRejections(ProblemWriter problems) {
        return new ProblemRequestRejections(problems);
    }

    /** Runs before Spring Security, so even refused requests carry a trace id. */
    @Bean
    FilterRegistrationBean<TraceIdFilter> traceIdFilter() {
        FilterRegistrationBean<TraceIdFilter> registration = new FilterRegistrationBean<>(new TraceIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(HttpEdgeProperties properties,
                                                                          ProblemWriter problems) {
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Every handler mapping refuses disallowed cross-origin requests with a problem document. */
    @Bean
    static BeanPostProcessor problemCorsRefusals(ObjectProvider<ProblemWriter> problems) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractHandlerMapping mapping) {
                    mapping.setCorsProcessor(new ProblemCorsProcessor(problems.getObject()));
                }
                return bean;
            }
        };
    }

    @Bean
    FilterRegistrationBean<NulParameterFilter> nulParameterFilter(ProblemWriter problems) {
        FilterRegistrationBean<NulParameterFilter> registration = new FilterRegistrationBean<>(new NulParameterFilter(problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
