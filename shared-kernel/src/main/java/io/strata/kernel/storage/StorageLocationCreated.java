package io.strata.kernel.storage;

import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

import java.util.Map;

/** A storage location exists; {@code settings} are its non-secret settings (path, endpoint, bucket, …). */
public record StorageLocationCreated(StorageLocationId storageLocationId,
                                     TenantId tenantId,
                                     String name,
                                     StorageType type,
                                     Map<String, String> settings) implements TenantOwned {
}
