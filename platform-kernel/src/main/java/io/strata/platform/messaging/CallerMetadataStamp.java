package io.strata.platform.messaging;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantOwned;
import io.strata.platform.caller.Caller;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Stamps a message with {@code tenantId}, {@code userId} and {@code traceId} unless the sender already set
 * them (signup sends for a user who has no token yet). The tenant is the message's own when it is
 * {@link TenantOwned}, else the caller's; a tenant-owned message for another tenant than the caller's is
 * refused as not found, so no route can act on, or reveal, another tenant's resource.
 */
final class CallerMetadataStamp<M extends Message<?>> implements MessageDispatchInterceptor<M> {

    @Override
    @SuppressWarnings("unchecked")
    public BiFunction<Integer, M, M> handle(List<? extends M> messages) {
        return (index, message) -> {
            Optional<Caller> caller = CurrentCaller.find();
            Map<String, Object> stamp = new HashMap<>();
            if (message.getPayload() instanceof TenantOwned owned) {
                if (caller.isPresent() && !caller.get().tenantId().equals(owned.tenantId())) {
                    throw DomainException.notFound("The resource");
                }
                stamp.put(MetadataKeys.TENANT_ID, owned.tenantId().value());
            } else {
                caller.ifPresent(c -> stamp.put(MetadataKeys.TENANT_ID, c.tenantId().value()));
            }
            caller.ifPresent(c -> stamp.put(MetadataKeys.USER_ID, c.userId().value()));
            String traceId = MDC.get(MetadataKeys.TRACE_ID);
            if (traceId != null) {
                stamp.put(MetadataKeys.TRACE_ID, traceId);
            }
            stamp.keySet().removeAll(message.getMetaData().keySet());
            return stamp.isEmpty() ? message : (M) message.andMetaData(stamp);
        };
    }
}
