package io.strata.query;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How projections process events: every {@code projection.*} processing group is a pooled streaming
 * processor with a JPA dead-letter queue, so an event a projection cannot handle is parked (with its cause)
 * and the events of other aggregates keep flowing, instead of the whole projection stopping.
 */
@Configuration
class ProjectionProcessingConfiguration {

    static final String PROJECTION_PREFIX = "projection.";

    @Bean
    ConfigurerModule projectionProcessing() {
        return configurer -> configurer.eventProcessing(processing -> {
            processing.usingPooledStreamingEventProcessors();
            processing.registerDeadLetterQueueProvider(group -> group.startsWith(PROJECTION_PREFIX)
                    ? configuration -> JpaSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .entityManagerProvider(configuration.getComponent(EntityManagerProvider.class))
                    .transactionManager(configuration.getComponent(TransactionManager.class))
                    .serializer(configuration.serializer())
                    .build()
                    : null);
        });
    }
}
