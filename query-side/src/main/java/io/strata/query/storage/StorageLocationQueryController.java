package io.strata.query.storage;

import io.strata.kernel.storage.FindStorageLocationsQuery;
import io.strata.kernel.storage.StorageLocationView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** {@code GET /api/v1/storage-locations}: the caller's storage locations. */
@RestController
class StorageLocationQueryController {

    private final QueryGateway queries;

    StorageLocationQueryController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/storage-locations")
    List<StorageLocationView> locations() {
        return queries.query(new FindStorageLocationsQuery(CurrentCaller.require().tenantId()),
                ResponseTypes.multipleInstancesOf(StorageLocationView.class)).join();
    }
}
