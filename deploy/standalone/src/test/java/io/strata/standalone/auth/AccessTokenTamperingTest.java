package io.strata.standalone.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.strata.command.signing.SigningKey;
import io.strata.command.signing.SigningKeys;
import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import io.strata.platform.token.AccessTokenFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way of forging or stretching an access token is refused with 401: unsigned ({@code alg: none}), a
 * payload altered after signing, a foreign key under a trusted kid, HMAC keyed with the public key, no or
 * unknown kid, wrong issuer or audience, and an expired token.
 */
class AccessTokenTamperingTest extends PlatformTest {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    @Autowired
    SigningKeys signingKeys;

    private Tenant tenant;
    private Tenant other;

    @BeforeEach
    void tenants() {
        tenant = signUp();
        other = signUp();
        assertThat(api.get("/api/v1/servers", tenant.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void unsignedTokenIsRefused() {
        String[] parts = tenant.accessToken().split("\\.");
        String header = B64.encodeToString(("{\"alg\":\"none\",\"kid\":\"" + kid(tenant.accessToken()) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertInvalid(header + "." + parts[1] + ".");
        assertInvalid(header + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void alteredPayloadIsRefused() {
        String[] parts = tenant.accessToken().split("\\.");
        String payload = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8)
                .replace(tenant.tenantId(), other.tenantId());
        assertThat(payload).contains(other.tenantId());
        assertInvalid(parts[0] + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        String role = new String(B64D.decode(parts[1]), StandardCharsets.UTF_8).replace("\"OWNER\"", "\"ADMIN\"");
        assertInvalid(parts[0] + "." + B64.encodeToString(role.getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
    }

    @Test
    void foreignKeyUnderATrustedKidIsRefused() throws Exception {
        KeyPair attacker = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertInvalid(token(kid(tenant.accessToken()), AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE,
                Instant.now().plusSeconds(600)).signWith(attacker.getPrivate(), Jwts.SIG.EdDSA).compact());
    }

    @Test
    void hmacKeyedWithThePublicKeyIsRefused() {
        byte[] publicKey = signingKeyPublicBytes();
        assertInvalid(token(kid(tenant.accessToken()), AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE,
                Instant.now().plusSeconds(600)).signWith(Keys.hmacShaKeyFor(publicKey), Jwts.SIG.HS256).compact());
    }

    @Test
    void missingOrUnknownKidIsRefused() {
        SigningKey key = signingKeys.current();
        assertInvalid(token(null, AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE, Instant.now().plusSeconds(600))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact());
        assertInvalid(token("no-such-kid", AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE, Instant.now().plusSeconds(600))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact());
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() {
        SigningKey key = signingKeys.current();
        assertInvalid(token(key.kid(), "someone-else", AccessTokenFormat.AUDIENCE, Instant.now().plusSeconds(600))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact());
        assertInvalid(token(key.kid(), AccessTokenFormat.ISSUER, "another-api", Instant.now().plusSeconds(600))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact());
    }

    @Test
    void expiredTokenIsRefusedAsExpired() {
        SigningKey key = signingKeys.current();
        String expired = token(key.kid(), AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE, Instant.now().minusSeconds(60))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact();
        assertProblem(api.get("/api/v1/servers", expired), 401, "TOKEN_EXPIRED");
        String valid = token(key.kid(), AccessTokenFormat.ISSUER, AccessTokenFormat.AUDIENCE, Instant.now().plusSeconds(60))
                .signWith(key.privateKey(), Jwts.SIG.EdDSA).compact();
        assertThat(api.get("/api/v1/servers", valid).status()).as("the same claims, unexpired, are accepted").isEqualTo(200);
    }

    @Test
    void garbageAndWrongSchemesAreRefused() {
        assertInvalid("not-a-token");
        assertInvalid("a.b.c");
        Api.Response basic = api.send(api.builder("/api/v1/servers", null).header("Authorization", "Basic dXNlcjpwdw==").GET());
        assertProblem(basic, 401, "INVALID_TOKEN");
        assertThat(basic.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void rotationKeepsIssuedTokensValidAndSignsWithTheNewKey() {
        String before = tenant.accessToken();
        SigningKey rotated = signingKeys.rotate();

        assertThat(api.get("/api/v1/servers", before).status()).as("tokens of the old key still verify").isEqualTo(200);
        Api.Response login = api.post("/api/v1/auth/login", null, java.util.Map.of("email", tenant.email(), "password", PASSWORD));
        assertThat(kid(login.text("accessToken"))).isEqualTo(rotated.kid()).isNotEqualTo(kid(before));
        assertThat(api.get("/api/v1/servers", login.text("accessToken")).status()).isEqualTo(200);
    }

    private io.jsonwebtoken.JwtBuilder token(String kid, String issuer, String audience, Instant expiry) {
        io.jsonwebtoken.JwtBuilder builder = Jwts.builder();
        if (kid != null) {
            builder.header().keyId(kid).and();
        }
        return builder.issuer(issuer).audience().add(audience).and()
                .subject(tenant.userId())
                .claim(AccessTokenFormat.TENANT_CLAIM, tenant.tenantId())
                .claim(AccessTokenFormat.ROLE_CLAIM, "OWNER")
                .id(UUID.randomUUID().toString())
                .issuedAt(Date.from(expiry.minusSeconds(900)))
                .expiration(Date.from(expiry));
    }

    private byte[] signingKeyPublicBytes() {
        String kid = kid(tenant.accessToken());
        try (var connection = io.strata.standalone.support.FreshDatabase.connect(database, "postgres");
             var statement = connection.prepareStatement("select public_key from signing_key where kid = ?")) {
            statement.setString(1, kid);
            try (var rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kid(String token) {
        String header = new String(B64D.decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }

    private void assertInvalid(String token) {
        Api.Response response = api.get("/api/v1/servers", token);
        assertProblem(response, 401, "INVALID_TOKEN");
    }
}
