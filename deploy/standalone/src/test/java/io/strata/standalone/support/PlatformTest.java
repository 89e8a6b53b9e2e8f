package io.strata.standalone.support;

import io.strata.standalone.StrataApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import java.util.Map;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole node on a real port and its own PostgreSQL database; subclasses talk to it over HTTP only, as the
 * portal and users' scripts do. Contexts are shared between test classes with the same configuration.
 */
@SpringBootTest(classes = StrataApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FreshDatabase.class)
public abstract class PlatformTest {

    protected static final String PASSWORD = "Correct-Horse-42-battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Value("${strata.test.database}")
    protected String database;

    protected Api api;

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    /** A new tenant with its owner, signed up through the API. */
    protected Tenant signUp(String organization) {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Api.Response response = api.post("/api/v1/auth/signup", null, Api.signup(email, PASSWORD, organization));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new Tenant(response.text("tenantId"), response.text("userId"), email, response.text("domain"),
                response.text("accessToken"), response.text("refreshToken"));
    }

    protected Tenant signUp() {
        return signUp("Org " + SEQUENCE.incrementAndGet() + " " + UUID.randomUUID().toString().substring(0, 6));
    }

    /** Adds a member with a role (as the owner) and logs in as that member. */
    protected Member addMember(Tenant tenant, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        Api.Response added = api.post("/api/v1/tenant/members", tenant.accessToken(),
                Map.of("email", email, "password", PASSWORD, "role", role));
        assertThat(added.status()).as(added.toString()).isEqualTo(201);
        Api.Response login = api.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return new Member(added.text("userId"), email, login.text("accessToken"));
    }

    /** A LOCAL server on {@code serverDir} and a plan backing up {@code paths} into a new LOCAL storage location. */
    protected LocalPlan localPlan(Tenant tenant, Path serverDir, List<String> paths) {
        String server = api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "localPath", serverDir.toString()))
                .text("serverId");
        return new LocalPlan(server, pathsPlan(tenant, server, "p", paths));
    }

    public record LocalPlan(String serverId, String planId) {
    }

    /** A plan of the server with one PATHS source backing up {@code paths} into a new LOCAL storage location; its id. */
    protected String pathsPlan(Tenant tenant, String server, String name, List<String> paths) {
        String location = api.post("/api/v1/storage-locations", tenant.accessToken(), Map.of("name", "l", "type", "LOCAL"))
                .text("storageLocationId");
        return api.post("/api/v1/plans", tenant.accessToken(), Map.of("name", name, "serverId", server,
                "sources", List.of(Map.of("type", "PATHS", "paths", paths)), "storageLocationId", location)).text("planId");
    }

    public record Tenant(String tenantId, String userId, String email, String domain, String accessToken,
                         String refreshToken) {
    }

    public record Member(String userId, String email, String accessToken) {
    }
}
