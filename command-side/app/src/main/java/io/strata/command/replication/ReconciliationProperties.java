package io.strata.command.replication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Replica reconciliation settings ({@code strata.replication.reconciliation.*}).
 *
 * @param interval the wait between two reconciliations of every (tenant repository, replica location) pair
 */
@ConfigurationProperties("strata.replication.reconciliation")
public record ReconciliationProperties(@DefaultValue("6h") Duration interval) {

    public ReconciliationProperties {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("strata.replication.reconciliation.interval must be positive");
        }
    }
}
