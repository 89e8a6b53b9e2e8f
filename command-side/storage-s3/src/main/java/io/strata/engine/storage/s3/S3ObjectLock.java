package io.strata.engine.storage.s3;

import java.util.Objects;

/**
 * S3 Object Lock for a location: every object except repository lock objects is put with a
 * retention of {@code retentionDays} in the given mode. The bucket must have Object Lock enabled
 * (which S3 allows only when the bucket is created; {@link S3Storage#ensureBucket()} creates it so).
 *
 * @param mode GOVERNANCE (users with {@code s3:BypassGovernanceRetention} may still delete) or
 *             COMPLIANCE (nobody may delete before the retention ends, not even the account root)
 */
public record S3ObjectLock(Mode mode, int retentionDays) {
    public enum Mode { GOVERNANCE, COMPLIANCE }

    public S3ObjectLock {
        Objects.requireNonNull(mode, "mode");
        if (retentionDays < 1 || retentionDays > 36_500) {
            throw new IllegalArgumentException("Object Lock retention is 1..36500 days: " + retentionDays);
        }
    }
}
