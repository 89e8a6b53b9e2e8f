package io.strata.platform.token;

/**
 * The shape of a Strata access token, shared by the issuer and every verifier: an EdDSA (Ed25519) JWS with
 * a {@code kid} header, issuer {@link #ISSUER}, audience {@link #AUDIENCE}, subject = user id, and the
 * tenant and role claims below.
 */
public final class AccessTokenFormat {

    public static final String ALGORITHM = "EdDSA";
    public static final String ISSUER = "strata";
    public static final String AUDIENCE = "strata-api";
    public static final String TENANT_CLAIM = "tid";
    public static final String ROLE_CLAIM = "role";

    private AccessTokenFormat() {
    }
}
