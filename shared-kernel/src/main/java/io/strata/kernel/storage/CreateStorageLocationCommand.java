package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/** Creates a storage location; {@code settings} holds no secret (credentials are sealed separately). */
public record CreateStorageLocationCommand(@TargetAggregateIdentifier StorageLocationId storageLocationId,
                                           TenantId tenantId,
                                           String name,
                                           StorageType type,
                                           Map<String, String> settings) implements TenantOwned {
}
