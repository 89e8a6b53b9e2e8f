package io.strata.command.registry;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry processing group: subscribing (same thread and transaction), errors propagated. The sagas that
 * turn requests into claimed work run subscribed too, so the work is queued in the transaction that records
 * the request (never lost, never late) rather than when a streaming processor next catches up.
 */
@Configuration
public class RegistryProcessing {

    public static final String GROUP = "command.registry";

    /** The processing groups (Axon names them after the saga class) of the sagas that queue work. */
    static final String[] SUBSCRIBED_SAGAS = {"BackupRunSagaProcessor", "ReplicationSagaProcessor"};

    @Bean
    ConfigurerModule subscribedRegistryProcessor() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.eventProcessing(processing -> {
                    processing.registerSubscribingEventProcessor(GROUP)
                            .registerListenerInvocationErrorHandler(GROUP, configuration -> PropagatingErrorHandler.instance());
                    for (String saga : SUBSCRIBED_SAGAS) {
                        processing.registerSubscribingEventProcessor(saga)
                                .registerListenerInvocationErrorHandler(saga, configuration -> PropagatingErrorHandler.instance());
                    }
                });
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }
}
