package io.strata.platform.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.tenant.Role;
import io.strata.platform.caller.Caller;
import org.springframework.stereotype.Component;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * Verifies an access token and says who it speaks for. Only signed tokens with algorithm EdDSA, a known and
 * trusted {@code kid}, the expected issuer and audience, and an unexpired {@code exp} are accepted: unsecured
 * tokens ({@code alg: none}), other algorithms, altered payloads and foreign keys are all refused.
 *
 * <p>A token verified once is remembered ({@link VerifiedTokens}) and accepted again without checking its
 * signature, until its own expiry and only while its signing key is still trusted: tokens are stateless (a
 * role change or sign-out never reached a token already issued), so this changes nothing about what is
 * accepted, only what a repeated request costs.
 */
@Component
public class AccessTokenVerifier {

    /** Distinct live tokens remembered; an access token lives 15 minutes, so this covers thousands of users. */
    static final int REMEMBERED_TOKENS = 10_000;

    private final JwtParser parser;
    private final SigningKeyDirectory keys;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens(REMEMBERED_TOKENS);

    public AccessTokenVerifier(SigningKeyDirectory keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.parser = Jwts.parser()
                .keyLocator(new KidLocator(keys))
                .requireIssuer(AccessTokenFormat.ISSUER)
                .requireAudience(AccessTokenFormat.AUDIENCE)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(5)
                .build();
    }

    public Caller verify(String token) {
        Instant now = clock.instant();
        Optional<VerifiedTokens.Verified> known = verified.find(token, now);
        if (known.isPresent() && keys.verificationKey(known.get().kid()).isPresent()) {
            return known.get().caller();
        }
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (ExpiredJwtException e) {
            throw new InvalidAccessTokenException("TOKEN_EXPIRED", "The access token has expired; refresh it");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidAccessTokenException("INVALID_TOKEN", "The access token is not valid");
        }
        Claims claims = jws.getPayload();
        Caller caller;
        try {
            caller = new Caller(UserId.of(claims.getSubject()),
                    TenantId.of(claims.get(AccessTokenFormat.TENANT_CLAIM, String.class)),
                    Role.valueOf(claims.get(AccessTokenFormat.ROLE_CLAIM, String.class)));
        } catch (RuntimeException e) {
            throw new InvalidAccessTokenException("INVALID_TOKEN", "The access token is not valid");
        }
        Date expiry = claims.getExpiration();
        if (expiry != null) {
            verified.remember(token, new VerifiedTokens.Verified(caller, jws.getHeader().getKeyId(), expiry.toInstant()), now);
        }
        return caller;
    }

    /** How many verified tokens are remembered (for tests). */
    int rememberedTokens() {
        return verified.size();
    }

    /** Picks the verification key by {@code kid}, refusing any algorithm but EdDSA before a key is looked up. */
    private static final class KidLocator extends LocatorAdapter<Key> {
        private final SigningKeyDirectory keys;

        KidLocator(SigningKeyDirectory keys) {
            this.keys = keys;
        }

        @Override
        protected Key locate(ProtectedHeader header) {
            if (!AccessTokenFormat.ALGORITHM.equals(header.getAlgorithm()) || header.getKeyId() == null) {
                throw new io.jsonwebtoken.security.SignatureException("Unexpected token algorithm or key id");
            }
            return keys.verificationKey(header.getKeyId())
                    .orElseThrow(() -> new io.jsonwebtoken.security.SignatureException("Unknown signing key"));
        }

        @Override
        protected Key doLocate(Header header) {
            throw new io.jsonwebtoken.UnsupportedJwtException("Unsigned tokens are not accepted");
        }
    }
}
