package io.strata.standalone.auth;

import io.strata.standalone.support.Api;
import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Signup through the API: what it creates, and every kind of bad input refused with a stable code. */
public class SignupTest extends PlatformTest {

    @Test
    void signupCreatesTenantOwnerDefaultDomainAndTokens() {
        String email = "Founder." + UUID.randomUUID().toString().substring(0, 6) + "@Example.ORG";
        Api.Response response = api.post("/api/v1/auth/signup", null,
                Api.signup(email, PASSWORD, "Ünïcode Déjà-Vu Labs " + UUID.randomUUID().toString().substring(0, 4)));

        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        assertThat(response.text("tenantId")).isNotBlank();
        assertThat(response.text("userId")).isNotBlank();
        assertThat(response.text("domain")).matches("unicode-deja-vu-labs-[a-z0-9]{4}\\.strata\\.localhost");
        assertThat(response.text("accessToken")).contains(".");
        assertThat(response.text("refreshToken")).isNotBlank();
        assertThat(response.json().get("expiresIn").asLong()).isBetween(1L, 900L);

        String token = response.text("accessToken");
        Api.Response tenant = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/v1/tenant", token), r -> r.status() == 200 && !r.json().get("domains").isEmpty()
                        && r.json().has("sshPublicKey"));
        assertThat(tenant.text("tenantId")).isEqualTo(response.text("tenantId"));
        assertThat(tenant.json().get("domains").get(0).get("domain").asText()).isEqualTo(response.text("domain"));
        assertThat(tenant.json().get("domains").get(0).get("status").asText()).isEqualTo("ACTIVE");
        assertThat(tenant.text("sshPublicKey")).startsWith("ssh-ed25519 ");

        Api.Response login = api.post("/api/v1/auth/login", null,
                Map.of("email", email.toLowerCase(), "password", PASSWORD));
        assertThat(login.status()).as("the email is normalised: %s", login).isEqualTo(200);
    }

    @Test
    void sameOrganisationNameGetsNextFreeSlug() {
        String organization = "Acme " + UUID.randomUUID().toString().substring(0, 6);
        Tenant first = signUp(organization);
        Tenant second = signUp(organization);
        Tenant third = signUp(organization);

        String slug = first.domain().substring(0, first.domain().indexOf('.'));
        assertThat(second.domain()).isEqualTo(slug + "-2.strata.localhost");
        assertThat(third.domain()).isEqualTo(slug + "-3.strata.localhost");
    }

    @Test
    void reservedOrganisationNameIsRefused() {
        Api.Response response = api.post("/api/v1/auth/signup", null, Api.signup(uniqueEmail(), PASSWORD, "Admin"));
        assertProblem(response, 422, "ORGANIZATION_NAME_RESERVED");
    }

    @Test
    void duplicateEmailIsRefusedAndCreatesNothing() throws Exception {
        Tenant existing = signUp();
        // tenants are counted, not all events: the node's background work (other tests' servers, schedules) may
        // append events of its own meanwhile
        String tenants = "(select distinct aggregate_identifier from domain_event_entry where type = 'Tenant') t";
        long tenantsBefore = count(tenants);
        assertThat(tenantsBefore).isPositive();
        long claimsBefore = count("domain_claim");

        Api.Response response = api.post("/api/v1/auth/signup", null,
                Api.signup(existing.email().toUpperCase(), PASSWORD, "Another Org"));

        assertProblem(response, 409, "EMAIL_TAKEN");
        assertThat(count(tenants)).as("no tenant was created").isEqualTo(tenantsBefore);
        assertThat(count("domain_claim")).as("no domain was claimed").isEqualTo(claimsBefore);
        assertThat(count("tenant_ssh_key where tenant_id not in (select tenant_id from domain_claim)")).isZero();
    }

    @Test
    void weakPasswordsAreRefusedWithReasons() {
        for (String weak : new String[]{"short1A!", "alllowercaseletters", "password1234", "ABCDEFGHIJKL"}) {
            Api.Response response = api.post("/api/v1/auth/signup", null, Api.signup(uniqueEmail(), weak, "Weak Org"));
            assertProblem(response, 422, "WEAK_PASSWORD");
            assertThat(response.json().get("reasons").size()).isPositive();
        }
    }

    @Test
    void passwordContainingTheEmailNameIsRefused() {
        Api.Response response = api.post("/api/v1/auth/signup", null,
                Api.signup("margaret@example.org", "Margaret-2024-xyz!", "Some Org"));
        assertProblem(response, 422, "WEAK_PASSWORD");
    }

    @Test
    void invalidEmailIsRefused() {
        for (String email : new String[]{"not-an-email", "a@b", "@example.org", "two@@example.org", "a..b@example.org"}) {
            Api.Response response = api.post("/api/v1/auth/signup", null, Api.signup(email, PASSWORD, "Org"));
            assertProblem(response, 400, "INVALID_EMAIL");
        }
    }

    @Test
    void malformedJsonUnknownAndMissingFieldsAreRefused() {
        assertProblem(api.postRaw("/api/v1/auth/signup", null, "{\"email\": ", "application/json"), 400, "MALFORMED_JSON");
        assertProblem(api.post("/api/v1/auth/signup", null, Map.of("email", uniqueEmail(), "password", PASSWORD,
                "organization", "Org", "plan", "gold")), 400, "UNKNOWN_FIELD");
        Api.Response missing = api.post("/api/v1/auth/signup", null, Map.of("email", uniqueEmail()));
        assertProblem(missing, 400, "VALIDATION_FAILED");
        assertThat(missing.body()).contains("password").contains("organization");
        assertProblem(api.post("/api/v1/auth/signup", null, Map.of("email", 42, "password", PASSWORD,
                "organization", Map.of("x", 1))), 400, "INVALID_FIELD_VALUE");
        assertProblem(api.postRaw("/api/v1/auth/signup", null, "", "application/json"), 400, "MISSING_BODY");
        assertProblem(api.postRaw("/api/v1/auth/signup", null, "email=a", "application/x-www-form-urlencoded"),
                415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"email\":\"" + "a".repeat(300_000) + "@example.org\",\"password\":\"x\",\"organization\":\"o\"}";
        assertProblem(api.postRaw("/api/v1/auth/signup", null, huge, "application/json"), 413, "PAYLOAD_TOO_LARGE");
    }

    private long count(String tableAndCondition) throws Exception {
        try (Connection connection = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from " + tableAndCondition)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    public static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.text("type")).startsWith("urn:strata:problem:");
        assertThat(response.text("detail")).isNotBlank();
    }
}
