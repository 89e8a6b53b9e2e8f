package io.strata.standalone.auth;

import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;
import java.util.UUID;

import static io.strata.standalone.auth.SignupTest.assertProblem;

/** Failed logins from one client address across many emails block that address. */
@TestPropertySource(properties = "strata.auth.throttle.address-failures=4")
class AddressThrottleTest extends PlatformTest {

    @Test
    void sprayingManyEmailsFromOneAddressIsBlocked() {
        Tenant tenant = signUp();
        for (int i = 0; i < 4; i++) {
            Api.Response failed = api.post("/api/v1/auth/login", null,
                    Map.of("email", "spray-" + UUID.randomUUID() + "@example.org", "password", "Whatever-123-x"));
            assertProblem(failed, 401, "INVALID_CREDENTIALS");
        }
        assertProblem(api.post("/api/v1/auth/login", null, Map.of("email", tenant.email(), "password", PASSWORD)),
                429, "LOGIN_THROTTLED");
    }
}
