package io.strata.platform.token;

import io.strata.platform.caller.Caller;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this node has already verified, so that a client calling again with the same token (the
 * portal's views, a script waiting for a backup to finish) pays for the Ed25519 signature check once per
 * token rather than once per request: the JDK's Ed25519 verification is about a quarter of the CPU of a small
 * API request.
 *
 * <p>Contract: {@link #find} returns a caller only for a token whose exact bytes were {@link #remember}ed,
 * before the expiry given then. Entries are keyed by the SHA-256 of the whole token, so a lookup compares
 * digests, never token prefixes (nothing about a cached token can be learnt from lookup timing), and the
 * cache holds no bearer credentials. Whether the signing key is still trusted is the caller's check (it can
 * be withdrawn before the token expires). At most {@code capacity} entries are kept: when full, expired
 * entries are dropped, and if none were, everything is (callers simply verify again).
 */
final class VerifiedTokens {

    /** What a verified token established, and until when and under which key that holds. */
    record Verified(Caller caller, String kid, Instant expiresAt) {
    }

    private final int capacity;
    private final Map<Digest, Verified> entries = new ConcurrentHashMap<>();

    VerifiedTokens(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The earlier verification of exactly this token, if it is remembered and {@code now} is before its expiry. */
    Optional<Verified> find(String token, Instant now) {
        Digest key = Digest.of(token);
        Verified v = entries.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!now.isBefore(v.expiresAt())) {
            entries.remove(key, v);
            return Optional.empty();
        }
        return Optional.of(v);
    }

    /** Remembers a token whose signature, issuer, audience and expiry were just verified. */
    void remember(String token, Verified verified, Instant now) {
        if (!now.isBefore(verified.expiresAt())) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.values().removeIf(v -> !now.isBefore(v.expiresAt()));
            if (entries.size() >= capacity) {
                entries.clear();
            }
        }
        entries.put(Digest.of(token), verified);
    }

    int size() {
        return entries.size();
    }

    /** The SHA-256 of a token, as four longs (records compare them by value). */
    private record Digest(long a, long b, long c, long d) {
        static Digest of(String token) {
            MessageDigest sha256;
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK lacks SHA-256", e);
            }
            ByteBuffer d = ByteBuffer.wrap(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new Digest(d.getLong(), d.getLong(), d.getLong(), d.getLong());
        }
    }
}
