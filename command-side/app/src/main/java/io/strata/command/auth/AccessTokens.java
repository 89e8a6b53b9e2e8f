package io.strata.command.auth;

import io.jsonwebtoken.Jwts;
import io.strata.command.account.Accounts.Membership;
import io.strata.command.signing.AccessTokenLifetime;
import io.strata.command.signing.SigningKey;
import io.strata.command.signing.SigningKeys;
import io.strata.platform.token.AccessTokenFormat;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Issues access tokens in the {@link AccessTokenFormat}, signed with the current signing key. */
@Component
class AccessTokens {

    private final SigningKeys keys;
    private final Duration lifetime;
    private final Clock clock;

    AccessTokens(SigningKeys keys, AccessTokenLifetime lifetime, Clock clock) {
        this.keys = keys;
        this.lifetime = lifetime.value();
        this.clock = clock;
    }

    String issue(Membership membership) {
        SigningKey key = keys.current();
        Instant now = clock.instant();
        return Jwts.builder()
                .header().keyId(key.kid()).and()
                .issuer(AccessTokenFormat.ISSUER)
                .audience().add(AccessTokenFormat.AUDIENCE).and()
                .subject(membership.userId().value())
                .claim(AccessTokenFormat.TENANT_CLAIM, membership.tenantId().value())
                .claim(AccessTokenFormat.ROLE_CLAIM, membership.role().name())
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA)
                .compact();
    }

    long lifetimeSeconds() {
        return lifetime.toSeconds();
    }
}
