package io.strata.command.replication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Replication settings ({@code strata.replication.*}).
 *
 * @param deadline     how long a replica may take to catch up after a backup before it is marked FAILED
 * @param retryBackoff the wait before retrying an unreachable replica; doubles each time up to {@code maxBackoff}
 * @param maxBackoff   the longest wait between retries
 */
@ConfigurationProperties("strata.replication")
public record ReplicationProperties(@DefaultValue("24h") Duration deadline,
                                    @DefaultValue("30s") Duration retryBackoff,
                                    @DefaultValue("15m") Duration maxBackoff) {

    Duration backoff(int attempt) {
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(20, Math.max(0, attempt - 1)));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
