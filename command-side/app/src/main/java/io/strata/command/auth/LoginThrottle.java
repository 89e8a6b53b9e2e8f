package io.strata.command.auth;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Throttles failed logins per account (by email, whether or not an account has it, so throttling reveals
 * nothing) and per client address. Past the allowed failures within the window a key is blocked, for a time
 * that doubles with each further failure up to the maximum. State is in the database, so every node of a
 * cluster sees the same counts.
 */
@Component
class LoginThrottle {

    private final JdbcTemplate jdbc;
    private final AuthProperties.Throttle limits;
    private final Clock clock;

    LoginThrottle(JdbcTemplate jdbc, AuthProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.limits = properties.throttle();
        this.clock = clock;
    }

    /** Refuses with {@code LOGIN_THROTTLED} (429, Retry-After) while either key is blocked. */
    void checkAllowed(String email, String address) {
        Instant now = clock.instant();
        Optional<Instant> until = blockedUntil(accountKey(email), now)
                .or(() -> blockedUntil(addressKey(address), now));
        if (until.isPresent()) {
            long seconds = Math.max(1, Duration.between(now, until.get()).toSeconds() + 1);
            throw new DomainException(ErrorKind.THROTTLED, "LOGIN_THROTTLED",
                    "Too many failed logins; try again in " + seconds + " seconds",
                    Map.of("retryAfterSeconds", seconds));
        }
    }

    void recordFailure(String email, String address) {
        Instant now = clock.instant();
        recordFailure(accountKey(email), limits.accountFailures(), now);
        recordFailure(addressKey(address), limits.addressFailures(), now);
    }

    /** A successful login clears its account's failures (not its address's: one good account proves little). */
    void recordSuccess(String email) {
        jdbc.update("delete from login_throttle where throttle_key = ?", accountKey(email));
    }

    private void recordFailure(String key, int allowed, Instant now) {
        Timestamp windowStart = Timestamp.from(now.minus(limits.window()));
        Integer failures = jdbc.queryForObject("""
                insert into login_throttle as t (throttle_key, failures, window_started)
                values (?, 1, ?)
                on conflict (throttle_key) do update set
                    failures = case when t.window_started < ? then 1 else t.failures + 1 end,
                    window_started = case when t.window_started < ? then excluded.window_started else t.window_started end
                returning failures""", Integer.class, key, Timestamp.from(now), windowStart, windowStart);
        if (failures != null && failures >= allowed) {
            Duration block = Duration.ofSeconds(30).multipliedBy(1L << Math.min(20, failures - allowed));
            if (block.compareTo(limits.maxBlock()) > 0) {
                block = limits.maxBlock();
            }
            jdbc.update("update login_throttle set blocked_until = ? where throttle_key = ?",
                    Timestamp.from(now.plus(block)), key);
        }
    }

    private Optional<Instant> blockedUntil(String key, Instant now) {
        return jdbc.query("select blocked_until from login_throttle where throttle_key = ?",
                        (rs, row) -> rs.getTimestamp(1), key).stream()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant)
                .filter(now::isBefore).findFirst();
    }

    private static String accountKey(String email) {
        return "account:" + email;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
