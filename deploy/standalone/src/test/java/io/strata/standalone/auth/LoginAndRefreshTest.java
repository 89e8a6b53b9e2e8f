package io.strata.standalone.auth;

import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Login and refresh-token rotation, including reuse detection that revokes the whole family. */
class LoginAndRefreshTest extends PlatformTest {

    @Test
    void loginGivesTokensForTheTenant() {
        Tenant tenant = signUp();
        Api.Response login = api.post("/api/v1/auth/login", null, Map.of("email", tenant.email(), "password", PASSWORD));

        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        assertThat(login.text("tenantId")).isEqualTo(tenant.tenantId());
        assertThat(login.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(api.get("/api/v1/servers", login.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void unknownEmailAndWrongPasswordGetTheSameAnswer() {
        Tenant tenant = signUp();
        Api.Response wrongPassword = api.post("/api/v1/auth/login", null,
                Map.of("email", tenant.email(), "password", "Not-The-Password-99"));
        Api.Response unknownEmail = api.post("/api/v1/auth/login", null,
                Map.of("email", "nobody-" + tenant.email(), "password", "Not-The-Password-99"));

        assertProblem(wrongPassword, 401, "INVALID_CREDENTIALS");
        assertProblem(unknownEmail, 401, "INVALID_CREDENTIALS");
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
    }

    /**
     * An unknown email costs the same password-hashing work as a wrong password, so response times do not
     * reveal which emails have accounts. The fastest of a few tries each, compared with a wide margin (one
     * Argon2id verification dominates both paths; a busy machine only adds time, so the fastest try is the one
     * closest to the work itself).
     */
    @Test
    void unknownEmailTakesAsLongAsAWrongPassword() {
        Tenant tenant = signUp();
        long wrong = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) { // four wrong passwords stay under the five that block an account
            wrong = Math.min(wrong, timed(() -> api.post("/api/v1/auth/login", null,
                    Map.of("email", tenant.email(), "password", "Nope-" + System.nanoTime()))));
            unknown = Math.min(unknown, timed(() -> api.post("/api/v1/auth/login", null,
                    Map.of("email", "ghost-" + System.nanoTime() + "@example.org", "password", "Nope-1"))));
        }
        double ratio = (double) unknown / wrong;
        assertThat(ratio).as("unknown/wrong fastest time ratio").isBetween(0.5, 2.0);
    }

    private static long timed(Runnable request) {
        long start = System.nanoTime();
        request.run();
        return System.nanoTime() - start;
    }

    @Test
    void repeatedFailuresBlockTheAccountEvenForTheRightPassword() {
        Tenant tenant = signUp();
        for (int i = 0; i < 5; i++) {
            assertProblem(api.post("/api/v1/auth/login", null, Map.of("email", tenant.email(), "password", "wrong-" + i)),
                    401, "INVALID_CREDENTIALS");
        }
        Api.Response blocked = api.post("/api/v1/auth/login", null, Map.of("email", tenant.email(), "password", PASSWORD));

        assertProblem(blocked, 429, "LOGIN_THROTTLED");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 900L);
        Tenant other = signUp();
        assertThat(api.post("/api/v1/auth/login", null, Map.of("email", other.email(), "password", PASSWORD)).status())
                .as("other accounts are not blocked").isEqualTo(200);
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() {
        Tenant tenant = signUp();
        Api.Response first = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", tenant.refreshToken()));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.text("refreshToken")).isNotEqualTo(tenant.refreshToken());
        assertThat(api.get("/api/v1/servers", first.text("accessToken")).status()).isEqualTo(200);

        Api.Response second = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", first.text("refreshToken")));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);

        Api.Response reuse = api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", tenant.refreshToken()));
        assertProblem(reuse, 401, "REFRESH_TOKEN_REUSED");

        Api.Response newestAfterReuse = api.post("/api/v1/auth/refresh", null,
                Map.of("refreshToken", second.text("refreshToken")));
        assertProblem(newestAfterReuse, 401, "REFRESH_TOKEN_REVOKED");

        Api.Response otherLogin = api.post("/api/v1/auth/login", null, Map.of("email", tenant.email(), "password", PASSWORD));
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", otherLogin.text("refreshToken"))).status())
                .as("a separate login is a separate family").isEqualTo(200);
    }

    @Test
    void malformedOrForgedRefreshTokensAreRefused() {
        Tenant tenant = signUp();
        String forgedSecret = tenant.refreshToken().substring(0, 23) + "A".repeat(43);
        assertProblem(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", forgedSecret)), 401, "INVALID_REFRESH_TOKEN");
        assertProblem(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", "garbage")), 401, "INVALID_REFRESH_TOKEN");
        assertProblem(api.post("/api/v1/auth/refresh", null, Map.of()), 400, "VALIDATION_FAILED");
        assertThat(api.post("/api/v1/auth/refresh", null, Map.of("refreshToken", tenant.refreshToken())).status())
                .as("a forged secret for the same id does not spend or revoke the real token").isEqualTo(200);
    }

    @Test
    void requestsWithoutTokenAreUnauthenticated() {
        assertProblem(api.get("/api/v1/servers", null), 401, "UNAUTHENTICATED");
        assertProblem(api.get("/api/v1/tenant", null), 401, "UNAUTHENTICATED");
        assertProblem(api.post("/api/v1/servers", null, Map.of("name", "x", "host", "h.example.org", "username", "u")),
                401, "UNAUTHENTICATED");
    }
}
