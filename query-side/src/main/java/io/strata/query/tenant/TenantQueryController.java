package io.strata.query.tenant;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.tenant.FindTenantQuery;
import io.strata.kernel.tenant.TenantView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

/** {@code GET /api/v1/tenant}: the caller's tenant. */
@RestController
class TenantQueryController {

    private final QueryGateway queries;

    TenantQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/tenant")
    TenantView tenant() {
        return queries.query(new FindTenantQuery(CurrentCaller.require().tenantId()),
                        ResponseTypes.optionalInstanceOf(TenantView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The tenant"));
    }
}
