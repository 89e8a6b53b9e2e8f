package io.strata.query.tenancy;

import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Projections handle one tenant's events in the order they were stored, whatever aggregate they come from
 * (a server's view needs its tenant's key, recorded by the tenant aggregate); different tenants proceed in
 * parallel. Events without a tenant fall back to per-aggregate order.
 */
public final class TenantSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    private final SequencingPolicy<? super EventMessage<?>> fallback = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof TenantOwned owned) {
            return owned.tenantId().value();
        }
        Object tenantId = event.getMetaData().get(MetadataKeys.TENANT_ID);
        return tenantId != null ? tenantId.toString() : fallback.getSequenceIdentifierFor(event);
    }
}
