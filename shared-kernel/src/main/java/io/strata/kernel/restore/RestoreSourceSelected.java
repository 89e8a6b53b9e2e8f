package io.strata.kernel.restore;

import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.TenantOwned;

/**
 * The restore reads the backup from {@code storageLocationId}. When that is not the {@code requestedLocationId}
 * (the backup's primary, unless the request named a replica), the requested location could not be opened and a
 * replica where the backup is SYNCED serves instead; {@code fallbackReason} says why (null when no fallback).
 */
public record RestoreSourceSelected(RestoreId restoreId,
                                    TenantId tenantId,
                                    StorageLocationId storageLocationId,
                                    StorageLocationId requestedLocationId,
                                    String fallbackReason) implements TenantOwned {
}
