package io.strata.platform.token;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads verification keys from the {@code signing_key} table ({@code kid}, {@code public_key} as X.509 DER,
 * {@code verify_until} null while the key is trusted). Keys are immutable per {@code kid}, so found keys are
 * cached until their {@code verify_until}; unknown kids are remembered briefly so that tokens with random
 * kids cannot turn into one database query each.
 */
@Component
class JdbcSigningKeyDirectory implements SigningKeyDirectory {

    private static final Duration RECHECK_AFTER = Duration.ofSeconds(30);
    private static final int MAX_UNKNOWN = 10_000;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, TrustedKey> trusted = new ConcurrentHashMap<>();
    private final Map<String, Instant> unknownUntil = new ConcurrentHashMap<>();

    JdbcSigningKeyDirectory(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<PublicKey> verificationKey(String kid) {
        Instant now = clock.instant();
        TrustedKey cached = trusted.get(kid);
        if (cached != null && cached.trustedAt(now)) {
            if (now.isBefore(cached.checkedAt.plus(RECHECK_AFTER))) {
                return Optional.of(cached.key);
            }
        }
        Instant unknown = unknownUntil.get(kid);
        if (unknown != null && now.isBefore(unknown)) {
            return Optional.empty();
        }
        Optional<TrustedKey> loaded = load(kid, now);
        if (loaded.isPresent() && loaded.get().trustedAt(now)) {
            trusted.put(kid, loaded.get());
            unknownUntil.remove(kid);
            return Optional.of(loaded.get().key);
        }
        trusted.remove(kid);
        if (unknownUntil.size() > MAX_UNKNOWN) {
            unknownUntil.clear();
        }
        unknownUntil.put(kid, now.plus(RECHECK_AFTER));
        return Optional.empty();
    }

    private Optional<TrustedKey> load(String kid, Instant now) {
        return jdbc.query("select public_key, verify_until from signing_key where kid = ?", rs -> {
            if (!rs.next()) {
                return Optional.empty();
            }
            java.sql.Timestamp until = rs.getTimestamp("verify_until");
            return Optional.of(new TrustedKey(decode(rs.getBytes("public_key")),
                    until == null ? null : until.toInstant(), now));
        }, kid);
    }

    private static PublicKey decode(byte[] der) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A signing key in the database is not an Ed25519 public key", e);
        }
    }

    private record TrustedKey(PublicKey key, Instant verifyUntil, Instant checkedAt) {
        boolean trustedAt(Instant now) {
            return verifyUntil == null || now.isBefore(verifyUntil);
        }
    }
}
