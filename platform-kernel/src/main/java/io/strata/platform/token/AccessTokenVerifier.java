package io.strata.platform.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
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
import java.util.Date;

/**
 * Verifies an access token and says who it speaks for. Only signed tokens with algorithm EdDSA, a known and
 * trusted {@code kid}, the expected issuer and audience, and an unexpired {@code exp} are accepted: unsecured
 * tokens ({@code alg: none}), other algorithms, altered payloads and foreign keys are all refused.
 */
@Component
public class AccessTokenVerifier {

    private final JwtParser parser;

    public AccessTokenVerifier(SigningKeyDirectory keys, Clock clock) {
        this.parser = Jwts.parser()
                .keyLocator(new KidLocator(keys))
                .requireIssuer(AccessTokenFormat.ISSUER)
                .requireAudience(AccessTokenFormat.AUDIENCE)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(5)
                .build();
    }

    public Caller verify(String token) {
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (ExpiredJwtException e) {
            throw new InvalidAccessTokenException("TOKEN_EXPIRED", "The access token has expired; refresh it");
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidAccessTokenException("INVALID_TOKEN", "The access token is not valid");
        }
        try {
            return new Caller(UserId.of(claims.getSubject()),
                    TenantId.of(claims.get(AccessTokenFormat.TENANT_CLAIM, String.class)),
                    Role.valueOf(claims.get(AccessTokenFormat.ROLE_CLAIM, String.class)));
        } catch (RuntimeException e) {
            throw new InvalidAccessTokenException("INVALID_TOKEN", "The access token is not valid");
        }
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
