package io.strata.kernel.storage;

import java.time.Instant;

/**
 * A location's health as the API shows it: {@code status} AVAILABLE, UNAVAILABLE or UNKNOWN (never probed yet),
 * the {@code reason} of an UNAVAILABLE status, and {@code since}, when the probe found the location in this status
 * (probes that find no change record nothing, so this is not the time of the latest probe).
 */
public record StorageLocationHealth(String status, String reason, Instant since) {

    public static final StorageLocationHealth UNKNOWN = new StorageLocationHealth("UNKNOWN", null, null);
}
