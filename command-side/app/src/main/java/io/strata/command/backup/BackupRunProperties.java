package io.strata.command.backup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How backups run ({@code strata.backup.*}).
 *
 * @param maxAttempts      attempts before a run fails for good (retryable failures and lost workers)
 * @param heartbeat        how often a running worker reports progress (also its sign of life)
 * @param stallTimeout     a worker silent this long has lost its claim
 * @param retryBackoff     the wait before the second attempt; it doubles for each further one
 * @param workersPerNode   backups one node runs at once
 * @param perTenant        backups of one tenant running at once, across the cluster
 * @param perServer        backups of one server running at once, across the cluster
 * @param busyRetry        how long an attempt waits when a limit is reached before it tries again
 */
@ConfigurationProperties("strata.backup")
public record BackupRunProperties(@DefaultValue("3") int maxAttempts,
                                  @DefaultValue("5s") Duration heartbeat,
                                  @DefaultValue("2m") Duration stallTimeout,
                                  @DefaultValue("30s") Duration retryBackoff,
                                  @DefaultValue("2") int workersPerNode,
                                  @DefaultValue("2") int perTenant,
                                  @DefaultValue("1") int perServer,
                                  @DefaultValue("10s") Duration busyRetry) {

    public BackupRunProperties {
        if (stallTimeout.compareTo(heartbeat.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("strata.backup.stall-timeout must be at least three heartbeats");
        }
    }

    /** The wait before attempt {@code nextAttempt} after a failure: retryBackoff, doubled for each later one. */
    Duration backoffBefore(int nextAttempt) {
        return retryBackoff.multipliedBy(1L << Math.min(10, Math.max(0, nextAttempt - 2)));
    }
}
