package io.strata.command.tenant;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.TenantId;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Claims domains for tenants: a domain belongs to one tenant at most (enforced by the table's primary key,
 * so concurrent signups never share one). Runs inside the caller's transaction; a claim that loses is a
 * no-op, so the transaction stays usable.
 */
@Component
@EnableConfigurationProperties(TenancyProperties.class)
public class DomainClaims {

    private static final int MAX_ATTEMPTS = 1000;

    private final JdbcTemplate jdbc;
    private final TenancyProperties properties;

    public DomainClaims(JdbcTemplate jdbc, TenancyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Claims the first free {@code <slug>.<base-domain>} for the tenant; returns the slug it got. */
    public String claimDefault(TenantId tenantId, String baseSlug, Instant now) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String slug = Slug.candidate(baseSlug, attempt);
            if (claim(defaultDomain(slug), tenantId, now)) {
                return slug;
            }
        }
        throw new DomainException(ErrorKind.CONFLICT, "ORGANIZATION_NAME_TAKEN",
                "Too many organisations already use this name; choose another");
    }

    /** Claims a domain; false when another tenant (or this one) already has it. */
    public boolean claim(String domain, TenantId tenantId, Instant now) {
        return jdbc.update("insert into domain_claim (domain, tenant_id, claimed_at) values (?, ?, ?)"
                + " on conflict (domain) do nothing", domain, tenantId.value(), Timestamp.from(now)) == 1;
    }

    public String defaultDomain(String slug) {
        return slug + "." + properties.baseDomain();
    }

    public String baseDomain() {
        return properties.baseDomain();
    }
}
