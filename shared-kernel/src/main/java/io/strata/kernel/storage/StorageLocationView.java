package io.strata.kernel.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A storage location as the API shows it: never its credentials. {@code usedBytes} and {@code usedObjects} are
 * what the tenant's repository in the location occupies as last measured at {@code usageMeasuredAt} (absent until
 * the first measurement).
 */
public record StorageLocationView(String storageLocationId, String name, StorageType type, Map<String, String> settings,
                                  Instant createdAt, StorageLocationHealth health, Long usedBytes, Long usedObjects,
                                  Instant usageMeasuredAt) {
}
