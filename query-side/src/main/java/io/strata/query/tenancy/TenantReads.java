package io.strata.query.tenancy;

import io.strata.kernel.identity.TenantId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.function.Function;

/** Runs a read in a read-only transaction bound to one tenant. */
@Component
public class TenantReads {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public TenantReads(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    public <T> T read(TenantId tenantId, Function<JdbcTemplate, T> query) {
        return readOnly.execute(status -> {
            bind(jdbc, tenantId.value());
            return query.apply(jdbc);
        });
    }

    /** Sets {@code app.tenant_id} for the rest of the current transaction. */
    static void bind(JdbcTemplate jdbc, String tenantId) {
        jdbc.queryForObject("select set_config('app.tenant_id', ?, true)", String.class, tenantId);
    }
}
