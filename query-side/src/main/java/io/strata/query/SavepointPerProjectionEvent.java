package io.strata.query;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Runs each projection event handler under a savepoint of the batch's transaction. PostgreSQL aborts a whole
 * transaction on any failed statement, so without it one event a projection cannot store (a constraint, a
 * value no column can hold) left the batch unusable: the dead-letter queue's insert failed in the same aborted
 * transaction, the batch was retried, failed again, and the projection stopped for every tenant of that
 * segment. With the savepoint rolled back, the failure reaches the dead-letter queue in a working transaction,
 * the event is parked with its cause, and processing goes on. The savepoint is set on the transaction's own
 * JDBC connection (the one the projections' {@code JdbcTemplate} writes through); the JPA transaction manager
 * offers no nested transactions.
 */
final class SavepointPerProjectionEvent implements HandlerEnhancerDefinition {

    private final ObjectProvider<DataSource> dataSource;

    SavepointPerProjectionEvent(ObjectProvider<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class) || !isProjection(original.declaringClass())) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                DataSource source = dataSource.getObject();
                Connection connection = DataSourceUtils.getConnection(source);
                try {
                    Savepoint savepoint = connection.setSavepoint();
                    Object result;
                    try {
                        result = super.handle(message, target);
                    } catch (Exception | Error e) {
                        connection.rollback(savepoint);
                        throw e;
                    }
                    connection.releaseSavepoint(savepoint);
                    return result;
                } finally {
                    DataSourceUtils.releaseConnection(connection, source);
                }
            }
        };
    }

    static boolean isProjection(Class<?> handlerClass) {
        ProcessingGroup group = handlerClass.getAnnotation(ProcessingGroup.class);
        return group != null && group.value().startsWith(ProjectionProcessingConfiguration.PROJECTION_PREFIX);
    }
}
