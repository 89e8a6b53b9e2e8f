package io.strata.query.verification;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.verification.FindVerificationQuery;
import io.strata.kernel.verification.VerificationView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/verifications/{id}}. */
@RestController
class VerificationQueryController {

    private final QueryGateway queries;

    VerificationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/verifications/{verificationId}")
    VerificationView verification(@PathVariable String verificationId) {
        VerificationId id;
        try {
            id = VerificationId.of(verificationId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The verification");
        }
        return queries.query(new FindVerificationQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(VerificationView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The verification"));
    }
}
