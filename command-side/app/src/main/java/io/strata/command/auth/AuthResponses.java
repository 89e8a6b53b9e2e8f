package io.strata.command.auth;

/** Answers of the auth routes, as API.md defines them. */
final class AuthResponses {

    private AuthResponses() {
    }

    record SignedUp(String tenantId, String userId, String domain, String accessToken, String refreshToken,
                    long expiresIn) {
    }

    record Tokens(String accessToken, String refreshToken, long expiresIn, String tenantId) {
    }
}
