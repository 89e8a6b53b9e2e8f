package io.strata.command.signing;

import java.time.Duration;

/** How long an access token lives; at most 15 minutes, so a stolen token is useful only briefly. */
public record AccessTokenLifetime(Duration value) {

    public static final Duration MAXIMUM = Duration.ofMinutes(15);

    public AccessTokenLifetime {
        if (value.isNegative() || value.isZero() || value.compareTo(MAXIMUM) > 0) {
            throw new IllegalArgumentException("strata.auth.access-token-ttl must be between 1s and 15m, not " + value);
        }
    }
}
