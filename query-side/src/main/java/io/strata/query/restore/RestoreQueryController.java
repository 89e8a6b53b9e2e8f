package io.strata.query.restore;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.restore.FindRestoreQuery;
import io.strata.kernel.restore.RestoreView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/restores/{id}}. */
@RestController
class RestoreQueryController {

    private final QueryGateway queries;

    RestoreQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/restores/{restoreId}")
    RestoreView restore(@PathVariable String restoreId) {
        RestoreId id;
        try {
            id = RestoreId.of(restoreId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The restore");
        }
        return queries.query(new FindRestoreQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(RestoreView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The restore"));
    }
}
