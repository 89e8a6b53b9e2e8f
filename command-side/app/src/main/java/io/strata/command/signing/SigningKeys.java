package io.strata.command.signing;

import io.strata.command.keys.Ed25519Keys;
import io.strata.command.keys.KeyEncryptionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Owns the token-signing keys. The newest activated key with a private half signs; {@link #rotate} makes a
 * new one and gives the previous ones a {@code verify_until} just past the longest access-token lifetime.
 * Nodes share keys through the {@code signing_key} table and notice another node's rotation within
 * {@link #RELOAD_AFTER}. Creation and rotation take a transaction-scoped advisory lock, so two nodes starting
 * at once make one key.
 */
@Component
@EnableConfigurationProperties(SigningKeyProperties.class)
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    static final Duration RELOAD_AFTER = Duration.ofSeconds(30);
    private static final long ADVISORY_LOCK = 0x5354524154414b31L; // "STRATAK1"
    private static final String PURPOSE = "signing-key:";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KeyEncryptionKey kek;
    private final SigningKeyProperties properties;
    private final Clock clock;
    private final Duration longestTokenLifetime;
    private volatile Loaded loaded;

    public SigningKeys(JdbcTemplate jdbc, TransactionTemplate transactions, KeyEncryptionKey kek,
                       SigningKeyProperties properties, Clock clock, AccessTokenLifetime lifetime) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.kek = kek;
        this.properties = properties;
        this.clock = clock;
        this.longestTokenLifetime = lifetime.value().plusMinutes(1);
    }

    /** The key to sign with now, creating the first one if the platform has none. */
    public SigningKey current() {
        Loaded snapshot = loaded;
        Instant now = clock.instant();
        if (snapshot != null && now.isBefore(snapshot.loadedAt.plus(RELOAD_AFTER))) {
            return snapshot.key;
        }
        SigningKey key = configured().orElseGet(() -> newestGenerated().orElseGet(this::createFirst));
        loaded = new Loaded(key, now);
        return key;
    }

    /** Replaces the signing key if the current generated one is older than the rotation period. */
    public boolean rotateIfDue() {
        if (hasConfiguredKey()) {
            return false;
        }
        Optional<SigningKey> newest = newestGenerated();
        if (newest.isEmpty()) {
            current();
            return false;
        }
        if (clock.instant().isBefore(newest.get().activatedAt().plus(properties.rotationPeriod()))) {
            return false;
        }
        rotate();
        return true;
    }

    /** Makes a new signing key; older keys verify until the tokens they signed have expired. */
    public SigningKey rotate() {
        if (hasConfiguredKey()) {
            throw new IllegalStateException("The signing key is supplied by configuration; rotate it there");
        }
        SigningKey key = transactions.execute(status -> {
            lock();
            Instant now = clock.instant();
            jdbc.update("update signing_key set verify_until = ? where verify_until is null",
                    Timestamp.from(now.plus(longestTokenLifetime)));
            return insertGenerated(now);
        });
        loaded = new Loaded(key, clock.instant());
        log.info("Rotated the token-signing key; new kid {}", key.kid());
        return key;
    }

    private SigningKey createFirst() {
        return transactions.execute(status -> {
            lock();
            return newestGenerated().orElseGet(() -> insertGenerated(clock.instant()));
        });
    }

    private SigningKey insertGenerated(Instant now) {
        KeyPair pair = Ed25519Keys.generate();
        String kid = kidOf(pair);
        jdbc.update("insert into signing_key (kid, algorithm, public_key, sealed_private_key, created_at, activated_at)"
                        + " values (?, 'EdDSA', ?, ?, ?, ?)",
                kid, pair.getPublic().getEncoded(), kek.seal(pair.getPrivate().getEncoded(), PURPOSE + kid),
                Timestamp.from(now), Timestamp.from(now));
        return new SigningKey(kid, pair.getPrivate(), now);
    }

    private Optional<SigningKey> newestGenerated() {
        return jdbc.query("select kid, sealed_private_key, activated_at from signing_key"
                + " where sealed_private_key is not null and activated_at is not null and verify_until is null"
                + " order by activated_at desc limit 1", rs -> {
            if (!rs.next()) {
                return Optional.empty();
            }
            String kid = rs.getString("kid");
            byte[] pkcs8 = kek.open(rs.getBytes("sealed_private_key"), PURPOSE + kid);
            return Optional.of(new SigningKey(kid, Ed25519Keys.privateKey(pkcs8), rs.getTimestamp("activated_at").toInstant()));
        });
    }

    private boolean hasConfiguredKey() {
        return properties.privateKey() != null && !properties.privateKey().isBlank();
    }

    /** The configured key, registered (public half only) so every node can verify what it signs. */
    private Optional<SigningKey> configured() {
        if (!hasConfiguredKey()) {
            return Optional.empty();
        }
        KeyPair pair = Ed25519Keys.fromPem(properties.privateKey());
        String kid = kidOf(pair);
        Instant now = clock.instant();
        jdbc.update("insert into signing_key (kid, algorithm, public_key, created_at, activated_at)"
                + " values (?, 'EdDSA', ?, ?, ?) on conflict (kid) do nothing", kid, pair.getPublic().getEncoded(),
                Timestamp.from(now), Timestamp.from(now));
        return Optional.of(new SigningKey(kid, pair.getPrivate(), now));
    }

    private void lock() {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)", Object.class, ADVISORY_LOCK);
    }

    /** A key's id: derived from its public half, so the same key always has the same kid. */
    private static String kidOf(KeyPair pair) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Ed25519Keys.raw(pair.getPublic()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Loaded(SigningKey key, Instant loadedAt) {
    }
}
