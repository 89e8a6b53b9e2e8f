package io.strata.platform.problem;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the embedded Tomcat report the errors it raises itself as problem documents ({@link ProblemErrorReportValve}),
 * and lets TRACE requests through to the filters instead of refusing them with an empty body before any of them
 * runs: the security firewall refuses TRACE (405 problem JSON, see the security package's request rejections),
 * and the dispatcher would answer it as an unsupported method rather than echo the request
 * ({@code spring.mvc.dispatch-trace-request}), so a TRACE never reflects headers back.
 */
@Configuration
class ProblemErrorPages {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> {
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
            factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
        };
    }
}
