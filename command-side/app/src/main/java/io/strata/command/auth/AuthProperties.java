package io.strata.command.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Authentication settings ({@code strata.auth.*}).
 *
 * @param accessTokenTtl  lifetime of access tokens, at most 15 minutes
 * @param refreshTokenTtl lifetime of each refresh token (each use issues a fresh one)
 * @param throttle        limits on failed logins
 * @param passwordHashing Argon2id cost
 */
@ConfigurationProperties("strata.auth")
public record AuthProperties(@DefaultValue("15m") Duration accessTokenTtl,
                             @DefaultValue("30d") Duration refreshTokenTtl,
                             @DefaultValue Throttle throttle,
                             @DefaultValue PasswordHashing passwordHashing) {

    /**
     * @param accountFailures failed logins for one email within {@code window} before it is blocked
     * @param addressFailures failed logins from one client address within {@code window} before it is blocked
     * @param window          how long failures are remembered
     * @param maxBlock        the longest block; blocks double with each further failure up to this
     */
    public record Throttle(@DefaultValue("5") int accountFailures,
                           @DefaultValue("50") int addressFailures,
                           @DefaultValue("15m") Duration window,
                           @DefaultValue("15m") Duration maxBlock) {
    }

    /** Argon2id parameters; the defaults are OWASP's minimum (19 MiB, 2 passes, 1 lane). */
    public record PasswordHashing(@DefaultValue("19456") int memoryKib,
                                  @DefaultValue("2") int iterations,
                                  @DefaultValue("1") int parallelism) {
    }
}
