package io.strata.query.tenant;

import io.strata.kernel.tenant.DomainStatus;
import io.strata.kernel.tenant.FindTenantQuery;
import io.strata.kernel.tenant.TenantView;
import io.strata.query.tenancy.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/** Answers tenant queries from {@code tenant_view}, under the asking tenant's binding. */
@Component
class TenantQueries {

    private final TenantReads reads;

    TenantQueries(TenantReads reads) {
        this.reads = reads;
    }

    @QueryHandler
    Optional<TenantView> handle(FindTenantQuery query) {
        return reads.read(query.tenantId(), jdbc -> jdbc.query(
                "select tenant_id, name, slug, ssh_public_key from tenant_view where tenant_id = ?",
                (rs, row) -> new TenantView(rs.getString(1), rs.getString(2), rs.getString(3), domains(jdbc, rs.getString(1)),
                        rs.getString(4)), query.tenantId().value()).stream().findFirst());
    }

    private static List<TenantView.Domain> domains(org.springframework.jdbc.core.JdbcTemplate jdbc, String tenantId) {
        return jdbc.query("select domain, status, is_default, verification_name, verification_value"
                        + " from tenant_domain_view where tenant_id = ? order by is_default desc, added_at, domain",
                (rs, row) -> new TenantView.Domain(rs.getString(1), DomainStatus.valueOf(rs.getString(2)), rs.getBoolean(3),
                        rs.getString(4) == null ? null : new TenantView.Verification("TXT", rs.getString(4), rs.getString(5))),
                tenantId);
    }
}
