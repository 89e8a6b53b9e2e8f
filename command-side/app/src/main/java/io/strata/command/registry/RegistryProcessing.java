package io.strata.command.registry;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The registry processing group: subscribing (same thread and transaction), errors propagated. */
@Configuration
public class RegistryProcessing {

    public static final String GROUP = "command.registry";

    @Bean
    ConfigurerModule subscribedRegistryProcessor() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.eventProcessing(processing -> processing
                        .registerSubscribingEventProcessor(GROUP)
                        .registerListenerInvocationErrorHandler(GROUP, configuration -> PropagatingErrorHandler.instance()));
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
