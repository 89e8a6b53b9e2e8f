package io.strata.command.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Storage health settings ({@code strata.storage.health.*}).
 *
 * @param interval      the wait between two probes of every location (write, read back, delete a small object)
 * @param usageInterval the shortest wait between two listings of a location to measure what the repository occupies
 *                      (listing a large repository costs requests, so it runs less often than the probe)
 * @param timeout       how long a probe may take before the location counts as unavailable
 * @param parallelism   how many locations are probed at once
 */
@ConfigurationProperties("strata.storage.health")
public record StorageHealthProperties(@DefaultValue("60s") Duration interval,
                                      @DefaultValue("10m") Duration usageInterval,
                                      @DefaultValue("30s") Duration timeout,
                                      @DefaultValue("4") int parallelism) {

    public StorageHealthProperties {
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero() || parallelism < 1) {
            throw new IllegalArgumentException("strata.storage.health needs a positive interval and timeout, and a parallelism of 1 or more");
        }
    }
}
