package io.strata.query.tenancy;

import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Before each event reaches a projection, binds the event's tenant to the processor's transaction: the
 * payload's own tenant when it is {@link TenantOwned}, else the {@code tenantId} metadata, else none (the
 * handler then sees and may write no tenant's rows). Registered for every event processor of the node.
 */
@Component
public class EventTenantBinding implements MessageHandlerInterceptor<EventMessage<?>> {

    private final JdbcTemplate jdbc;

    public EventTenantBinding(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        String tenantId;
        if (event.getPayload() instanceof TenantOwned owned) {
            tenantId = owned.tenantId().value();
        } else {
            Object fromMetadata = event.getMetaData().get(MetadataKeys.TENANT_ID);
            tenantId = fromMetadata == null ? "" : fromMetadata.toString();
        }
        TenantReads.bind(jdbc, tenantId);
        return chain.proceed();
    }
}
