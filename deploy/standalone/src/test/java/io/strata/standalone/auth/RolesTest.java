package io.strata.standalone.auth;

import io.strata.standalone.support.Api;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.strata.standalone.auth.SignupTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Roles per membership, enforced on every route. */
class RolesTest extends PlatformTest {

    private static Map<String, Object> sshServer() {
        return Map.of("name", "web-1", "host", "web-1.example.org", "port", 22, "username", "backup");
    }

    @Test
    void auditorReadsButNeverWrites() {
        Tenant tenant = signUp();
        Member auditor = addMember(tenant, "AUDITOR");

        assertThat(api.get("/api/v1/servers", auditor.accessToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenant", auditor.accessToken()).status()).isIn(200, 404);
        assertProblem(api.post("/api/v1/servers", auditor.accessToken(), sshServer()), 403, "FORBIDDEN");
        assertProblem(api.post("/api/v1/tenant/domains", auditor.accessToken(), Map.of("domain", "x.example.org")),
                403, "FORBIDDEN");
        assertProblem(api.post("/api/v1/tenant/members", auditor.accessToken(),
                Map.of("email", "x@example.org", "password", PASSWORD, "role", "AUDITOR")), 403, "FORBIDDEN");
        assertProblem(api.delete("/api/v1/servers/anything", auditor.accessToken()), 403, "FORBIDDEN");
    }

    @Test
    void operatorManagesServersButNotTheTenant() {
        Tenant tenant = signUp();
        Member operator = addMember(tenant, "OPERATOR");

        Api.Response registered = api.post("/api/v1/servers", operator.accessToken(), sshServer());
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertProblem(api.post("/api/v1/tenant/domains", operator.accessToken(),
                Map.of("domain", "ops-" + UUID.randomUUID().toString().substring(0, 6) + ".example.org")), 403, "FORBIDDEN");
        assertProblem(api.post("/api/v1/tenant/members", operator.accessToken(),
                Map.of("email", "x@example.org", "password", PASSWORD, "role", "AUDITOR")), 403, "FORBIDDEN");
    }

    @Test
    void adminAddsOperatorsButOnlyOwnerGrantsAdmin() {
        Tenant tenant = signUp();
        Member admin = addMember(tenant, "ADMIN");

        Api.Response operator = api.post("/api/v1/tenant/members", admin.accessToken(), Map.of(
                "email", "op-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org", "password", PASSWORD,
                "role", "OPERATOR"));
        assertThat(operator.status()).as(operator.toString()).isEqualTo(201);

        String email = "adm-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Api.Response secondAdmin = api.post("/api/v1/tenant/members", admin.accessToken(),
                Map.of("email", email, "password", PASSWORD, "role", "ADMIN"));
        assertProblem(secondAdmin, 403, "FORBIDDEN");
        assertThat(api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD)).status())
                .as("the refused member's account was not left behind").isEqualTo(401);
    }

    @Test
    void ownerAddsDomainPendingVerification() {
        Tenant tenant = signUp();
        String domain = "backup-" + UUID.randomUUID().toString().substring(0, 6) + ".example.com";

        Api.Response added = api.post("/api/v1/tenant/domains", tenant.accessToken(), Map.of("domain", domain.toUpperCase()));

        assertThat(added.status()).as(added.toString()).isEqualTo(202);
        assertThat(added.text("domain")).isEqualTo(domain);
        assertThat(added.text("status")).isEqualTo("PENDING_VERIFICATION");
        assertThat(added.json().get("verification").get("type").asText()).isEqualTo("TXT");
        assertThat(added.json().get("verification").get("name").asText()).isEqualTo("_strata-challenge." + domain);
        assertProblem(api.post("/api/v1/tenant/domains", signUp().accessToken(), Map.of("domain", domain)), 409, "DOMAIN_TAKEN");
        assertProblem(api.post("/api/v1/tenant/domains", tenant.accessToken(), Map.of("domain", "x.strata.localhost")),
                422, "DOMAIN_RESERVED");
        assertProblem(api.post("/api/v1/tenant/domains", tenant.accessToken(), Map.of("domain", "not a domain")),
                400, "INVALID_DOMAIN");
    }
}
