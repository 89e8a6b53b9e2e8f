package io.strata.kernel.storage;

import java.time.Instant;
import java.util.Map;

/** A storage location as the API shows it: never its credentials. */
public record StorageLocationView(String storageLocationId, String name, StorageType type, Map<String, String> settings,
                                  Instant createdAt) {
}
