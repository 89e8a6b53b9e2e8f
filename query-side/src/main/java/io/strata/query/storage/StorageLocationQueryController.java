package io.strata.query.storage;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.storage.FindStorageLocationQuery;
import io.strata.kernel.storage.FindStorageLocationsQuery;
import io.strata.kernel.storage.StorageLocationView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * {@code GET /api/v1/storage-locations} and {@code GET /api/v1/storage-locations/{id}}: the caller's storage
 * locations with their health and what the caller's repository occupies in each.
 */
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

    @GetMapping("/api/v1/storage-locations/{storageLocationId}")
    StorageLocationView location(@PathVariable String storageLocationId) {
        StorageLocationId id;
        try {
            id = StorageLocationId.of(storageLocationId);
        } catch (IllegalArgumentException e) {
            throw DomainException.notFound("The storage location");
        }
        return queries.query(new FindStorageLocationQuery(CurrentCaller.require().tenantId(), id),
                        ResponseTypes.optionalInstanceOf(StorageLocationView.class)).join()
                .orElseThrow(() -> DomainException.notFound("The storage location"));
    }
}
