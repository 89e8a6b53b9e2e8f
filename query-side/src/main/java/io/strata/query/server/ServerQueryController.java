package io.strata.query.server;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.server.FindServerQuery;
import io.strata.kernel.server.FindServersQuery;
import io.strata.kernel.server.ServerView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/servers[/{id}]}: the caller's servers; another tenant's id is not found. */
@RestController
@RequestMapping("/api/v1/servers")
class ServerQueryController {

    private final QueryGateway queries;

    ServerQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping
    List<ServerView> servers() {
        return queries.query(new FindServersQuery(CurrentCaller.require().tenantId()),
                ResponseTypes.multipleInstancesOf(ServerView.class)).join();
    }

    @GetMapping("/{serverId}")
    ServerView server(@PathVariable String serverId) {
        ServerId id;
        try {
            id = ServerId.of(serverId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The server");
        }
        return queries.query(new FindServerQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(ServerView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The server"));
    }
}
