package io.strata.kernel.storage;

import java.time.Instant;

/**
 * A location's health as the API shows it: {@code status} AVAILABLE, UNAVAILABLE or UNKNOWN (never probed yet),
 * the {@code reason} of an UNAVAILABLE status, and {@code checkedAt}, the latest probe the platform recorded
 * (a change of health, or a change of the measured usage, which a successful probe measures).
 */
public record StorageLocationHealth(String status, String reason, Instant checkedAt) {

    public static final StorageLocationHealth UNKNOWN = new StorageLocationHealth("UNKNOWN", null, null);
}
