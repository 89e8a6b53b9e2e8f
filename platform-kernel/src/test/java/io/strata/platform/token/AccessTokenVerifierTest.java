package io.strata.platform.token;

import io.jsonwebtoken.Jwts;
import io.strata.kernel.tenant.Role;
import io.strata.platform.caller.Caller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A token verified once is accepted again from memory, and only as long as the full check would accept it:
 * until its expiry, while its key is trusted, and for exactly its bytes.
 */
class AccessTokenVerifierTest {

    private static final String TENANT = UUID.randomUUID().toString();
    private static final String USER = UUID.randomUUID().toString();

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T12:00:00Z"));
    private final Map<String, PublicKey> trusted = new HashMap<>();
    private KeyPair key;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void keys() throws Exception {
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        trusted.put("k1", key.getPublic());
        verifier = new AccessTokenVerifier(kid -> Optional.ofNullable(trusted.get(kid)), clock);
    }

    @Test
    void aTokenIsAcceptedAgainFromMemoryUntilItExpires() {
        String token = token(key, clock.instant().plus(Duration.ofMinutes(15)));

        Caller first = verifier.verify(token);
        assertThat(first.tenantId().value()).isEqualTo(TENANT);
        assertThat(first.role()).isEqualTo(Role.OWNER);
        assertThat(verifier.rememberedTokens()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(14));
        assertThat(verifier.verify(token)).isEqualTo(first);

        clock.advance(Duration.ofMinutes(2)); // past expiry and the 5 s of allowed clock skew
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidAccessTokenException.class,
                e -> assertThat(e.code()).isEqualTo("TOKEN_EXPIRED"));
        assertThat(verifier.rememberedTokens()).isZero();
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsKeyIsNoLongerTrusted() {
        String token = token(key, clock.instant().plus(Duration.ofMinutes(15)));
        verifier.verify(token);

        trusted.remove("k1");

        assertInvalid(token);
    }

    @Test
    void alteredCopiesOfARememberedTokenAreRefused() {
        String token = token(key, clock.instant().plus(Duration.ofMinutes(15)));
        verifier.verify(token);
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);

        assertInvalid(parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1));
        assertInvalid(parts[0] + "." + parts[1] + ".");
        assertInvalid(token + " ");
        assertThat(verifier.verify(token).userId().value()).isEqualTo(USER);
    }

    @Test
    void aRememberedTokenIsNotVerifiedAgain() throws Exception {
        // kids are never reused for another key in service; swapping the key under a kid here only shows
        // that a remembered token skips the signature check while a new token does not
        String remembered = token(key, clock.instant().plus(Duration.ofMinutes(15)));
        verifier.verify(remembered);
        trusted.put("k1", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic());

        assertThat(verifier.verify(remembered).userId().value()).isEqualTo(USER);
        assertInvalid(token(key, clock.instant().plus(Duration.ofMinutes(15))));
    }

    @Test
    void tokensThatFailAreNotRemembered() throws Exception {
        KeyPair foreign = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String forged = token(foreign, clock.instant().plus(Duration.ofMinutes(15)));

        assertInvalid(forged);
        assertInvalid(forged);
        assertThat(verifier.rememberedTokens()).isZero();
    }

    private void assertInvalid(String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(InvalidAccessTokenException.class,
                e -> assertThat(e.code()).isEqualTo("INVALID_TOKEN"));
    }

    private static String token(KeyPair signer, Instant expiry) {
        return Jwts.builder().header().keyId("k1").and()
                .issuer(AccessTokenFormat.ISSUER).audience().add(AccessTokenFormat.AUDIENCE).and()
                .subject(USER)
                .claim(AccessTokenFormat.TENANT_CLAIM, TENANT)
                .claim(AccessTokenFormat.ROLE_CLAIM, "OWNER")
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(expiry.minus(Duration.ofMinutes(15))))
                .expiration(Date.from(expiry))
                .signWith(signer.getPrivate(), Jwts.SIG.EdDSA)
                .compact();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
