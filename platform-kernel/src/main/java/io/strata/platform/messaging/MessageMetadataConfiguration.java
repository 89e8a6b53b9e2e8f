package io.strata.platform.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.identity.MetadataKeys;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.QueryMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the caller stamp on the command and query gateways, the correlation of its keys, and the
 * replacement of NUL characters in commands' text.
 */
@Configuration
class MessageMetadataConfiguration {

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> callerStampOnCommands() {
        return new CallerMetadataStamp<>();
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> nulFreeCommandText(ObjectMapper json) {
        return new StorableCommandText(json);
    }

    @Bean
    MessageDispatchInterceptor<QueryMessage<?, ?>> callerStampOnQueries() {
        return new CallerMetadataStamp<>();
    }

    /** Copies the stamp from a command to the events it causes (and on to what those events cause). */
    @Bean
    CorrelationDataProvider callerCorrelation() {
        return new SimpleCorrelationDataProvider(MetadataKeys.TENANT_ID, MetadataKeys.USER_ID, MetadataKeys.TRACE_ID);
    }

    /** Keeps Axon's own correlation and trace ids, which defining a provider would otherwise replace. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }
}
