package io.strata.query.tenant;

import io.strata.kernel.tenant.DomainAdded;
import io.strata.kernel.tenant.TenantCreated;
import io.strata.kernel.tenant.TenantSshKeyGenerated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Builds {@code tenant_view} and {@code tenant_domain_view}. Idempotent, so a redelivered event changes nothing. */
@Component
@ProcessingGroup(TenantProjection.GROUP)
class TenantProjection {

    static final String GROUP = "projection.tenant";

    private final JdbcTemplate jdbc;

    TenantProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantCreated event, @Timestamp Instant at) {
        jdbc.update("insert into tenant_view (tenant_id, name, slug, created_at) values (?, ?, ?, ?)"
                        + " on conflict (tenant_id) do update set name = excluded.name, slug = excluded.slug",
                event.tenantId().value(), event.name(), event.slug(), java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(TenantSshKeyGenerated event) {
        jdbc.update("update tenant_view set ssh_public_key = ? where tenant_id = ?",
                event.publicKey(), event.tenantId().value());
    }

    @EventHandler
    void on(DomainAdded event, @Timestamp Instant at) {
        jdbc.update("insert into tenant_domain_view (tenant_id, domain, status, is_default, verification_name,"
                        + " verification_value, added_at) values (?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (tenant_id, domain) do update set status = excluded.status",
                event.tenantId().value(), event.domain(), event.status().name(), event.defaultDomain(),
                event.verificationName(), event.verificationValue(), java.sql.Timestamp.from(at));
    }

    /** Empties the read model before a replay rebuilds it. */
    @ResetHandler
    void reset() {
        jdbc.execute("truncate table tenant_view");
        jdbc.execute("truncate table tenant_domain_view");
    }
}
