package io.strata.command.auth;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Refresh tokens: {@code <tokenId>.<secret>}, 128-bit id and 256-bit secret, only the secret's SHA-256 is
 * stored. {@link #redeem} spends a token at most once, atomically; a second presentation of a spent token
 * revokes every token of its family (a login's chain of refreshes). Callers run both methods inside a
 * transaction and must commit a revocation even when they then refuse the request.
 */
@Component
class RefreshTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final JdbcTemplate jdbc;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(JdbcTemplate jdbc, AuthProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.lifetime = properties.refreshTokenTtl();
        this.clock = clock;
    }

    /** Issues a token in {@code familyId}, or in a new family when it is null (a login). */
    String issue(UserId userId, TenantId tenantId, String familyId) {
        String tokenId = randomToken(16);
        String secret = randomToken(32);
        Instant now = clock.instant();
        jdbc.update("insert into refresh_token (token_id, family_id, user_id, tenant_id, secret_hash, issued_at, expires_at)"
                        + " values (?, ?, ?, ?, ?, ?, ?)",
                tokenId, familyId == null ? tokenId : familyId, userId.value(), tenantId.value(), sha256(secret),
                Timestamp.from(now), Timestamp.from(now.plus(lifetime)));
        return tokenId + "." + secret;
    }

    Redemption redeem(String presented) {
        Optional<Stored> found = parse(presented).flatMap(this::find);
        if (found.isEmpty()) {
            return Redemption.refused(Outcome.INVALID);
        }
        Stored stored = found.get();
        if (!MessageDigest.isEqual(stored.secretHash, sha256(presented.substring(presented.indexOf('.') + 1)))) {
            return Redemption.refused(Outcome.INVALID);
        }
        Instant now = clock.instant();
        if (stored.revoked) {
            return Redemption.refused(Outcome.REVOKED);
        }
        if (stored.used) {
            revokeFamily(stored.familyId, now);
            return Redemption.refused(Outcome.REUSED);
        }
        if (!now.isBefore(stored.expiresAt)) {
            return Redemption.refused(Outcome.EXPIRED);
        }
        int spent = jdbc.update("update refresh_token set used_at = ? where token_id = ? and used_at is null"
                + " and revoked_at is null", Timestamp.from(now), stored.tokenId);
        if (spent != 1) { // spent concurrently by another request: the same token was used twice
            revokeFamily(stored.familyId, now);
            return Redemption.refused(Outcome.REUSED);
        }
        return new Redemption(Outcome.REDEEMED, stored.userId, stored.tenantId, stored.familyId);
    }

    private void revokeFamily(String familyId, Instant now) {
        jdbc.update("update refresh_token set revoked_at = ? where family_id = ? and revoked_at is null",
                Timestamp.from(now), familyId);
    }

    private Optional<Stored> find(String tokenId) {
        return jdbc.query("select token_id, family_id, user_id, tenant_id, secret_hash, expires_at, used_at, revoked_at"
                        + " from refresh_token where token_id = ? for update",
                (rs, row) -> new Stored(rs.getString(1), rs.getString(2), UserId.of(rs.getString(3)),
                        TenantId.of(rs.getString(4)), rs.getBytes(5), rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7) != null, rs.getTimestamp(8) != null),
                tokenId).stream().findFirst();
    }

    private static Optional<String> parse(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        int dot = presented.indexOf('.');
        if (dot != 22 || presented.length() != 22 + 1 + 43 || !presented.matches("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}")) {
            return Optional.empty();
        }
        return Optional.of(presented.substring(0, dot));
    }

    private String randomToken(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return ENCODER.encodeToString(value);
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    enum Outcome { REDEEMED, INVALID, EXPIRED, REUSED, REVOKED }

    /** The result of presenting a refresh token; the ids are set only when it was {@code REDEEMED}. */
    record Redemption(Outcome outcome, UserId userId, TenantId tenantId, String familyId) {
        static Redemption refused(Outcome outcome) {
            return new Redemption(outcome, null, null, null);
        }
    }

    private record Stored(String tokenId, String familyId, UserId userId, TenantId tenantId, byte[] secretHash,
                          Instant expiresAt, boolean used, boolean revoked) {
    }
}
