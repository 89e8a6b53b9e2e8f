package io.strata.query;

import io.strata.query.tenancy.TenantSequencingPolicy;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * How projections process events: every {@code projection.*} processing group is a pooled streaming
 * processor that handles each tenant's events in stored order ({@link TenantSequencingPolicy}), with a JPA
 * dead-letter queue, so an event a projection cannot handle is parked (with its cause) and other tenants'
 * events keep flowing, instead of the whole projection stopping; parked events are read back through the
 * upcasters, like stored ones ({@link UpcastingDeadLetterConverter}). Processors are woken as soon as events
 * are appended ({@link EventsAppendedSignal}) rather than finding them at their next half-second look.
 */
@Configuration
class ProjectionProcessingConfiguration {

    static final String PROJECTION_PREFIX = "projection.";

    @Bean
    HandlerEnhancerDefinition savepointPerProjectionEvent(ObjectProvider<DataSource> dataSource) {
        return new SavepointPerProjectionEvent(dataSource);
    }

    /** Ordered last, so that no processor settings from properties override these. */
    @Bean
    ConfigurerModule projectionProcessing() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configure(configurer);
            }

            @Override
            public int order() {
                return Integer.MAX_VALUE;
            }
        };
    }

    private static void configure(org.axonframework.config.Configurer configurer) {
        EventsAppendedSignal signal = new EventsAppendedSignal();
        configurer.onShutdown(signal::close);
        configurer.eventProcessing(processing -> {
            processing.usingPooledStreamingEventProcessors(
                    (configuration, builder) -> builder.messageSource(signal.source(configuration.eventStore())));
            processing.registerDefaultSequencingPolicy(configuration -> new TenantSequencingPolicy());
            processing.registerDeadLetterQueueProvider(group -> group.startsWith(PROJECTION_PREFIX)
                    ? configuration -> JpaSequencedDeadLetterQueue.builder()
                    .processingGroup(group)
                    .entityManagerProvider(configuration.getComponent(EntityManagerProvider.class))
                    .transactionManager(configuration.getComponent(TransactionManager.class))
                    .serializer(configuration.serializer())
                    .clearConverters()
                    .addConverter(new UpcastingDeadLetterConverter(configuration.upcasterChain()))
                    .build()
                    : null);
        });
    }
}
