package io.strata.standalone.tenancy;

import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Row-level security holds for the application's own database role: without a tenant bound it sees no
 * read-model row; bound to a tenant it sees and writes only that tenant's rows; it cannot switch the policies
 * off, and it cannot rewrite the event store.
 */
class RowLevelSecurityTest extends PlatformTest {

    private Tenant a;
    private Tenant b;

    @BeforeEach
    void twoTenantsWithAServerEach() {
        a = signUp();
        b = signUp();
        for (Tenant tenant : new Tenant[]{a, b}) {
            api.post("/api/v1/servers", tenant.accessToken(), Map.of("name", "s", "host", "s.example.org", "username", "u"));
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/servers", tenant.accessToken()).json().size() == 1);
        }
    }

    @Test
    void withoutTenantContextTheApplicationRoleSeesNothing() throws SQLException {
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER)) {
            assertThat(count(admin, "server_view")).as("the rows exist").isGreaterThanOrEqualTo(2);
            assertThat(count(admin, "tenant_view")).isGreaterThanOrEqualTo(2);
        }
        try (Connection app = FreshDatabase.connect(database, FreshDatabase.APP_ROLE)) {
            assertThat(count(app, "server_view")).isZero();
            assertThat(count(app, "tenant_view")).isZero();
            assertThat(count(app, "tenant_domain_view")).isZero();
        }
    }

    @Test
    void boundToATenantTheApplicationRoleSeesAndWritesOnlyItsRows() throws SQLException {
        try (Connection app = FreshDatabase.connect(database, FreshDatabase.APP_ROLE)) {
            app.setAutoCommit(false);
            bind(app, a.tenantId());
            try (Statement statement = app.createStatement();
                 ResultSet rs = statement.executeQuery("select distinct tenant_id from server_view")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(a.tenantId());
                assertThat(rs.next()).isFalse();
            }
            assertThatThrownBy(() -> insertServerFor(app, b.tenantId()))
                    .hasMessageContaining("row-level security");
            app.rollback();
        }
    }

    @Test
    void theApplicationRoleCannotLiftThePolicies() throws SQLException {
        try (Connection app = FreshDatabase.connect(database, FreshDatabase.APP_ROLE);
             Statement statement = app.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("superuser").isFalse();
                assertThat(rs.getBoolean(2)).as("bypassrls").isFalse();
            }
            assertThatThrownBy(() -> statement.execute("alter table server_view disable row level security"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.execute("set role postgres")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void theApplicationRoleCannotRewriteRecordedEvents() throws SQLException {
        try (Connection app = FreshDatabase.connect(database, FreshDatabase.APP_ROLE);
             Statement statement = app.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("update domain_event_entry set payload = payload"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate("delete from domain_event_entry"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate("delete from flyway_schema_history"))
                    .hasMessageContaining("permission denied");
        }
    }

    private static void bind(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
            statement.setString(1, tenantId);
            statement.execute();
        }
    }

    private static void insertServerFor(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("insert into server_view (server_id, tenant_id, name,"
                + " kind, registered_at) values ('forged', ?, 'x', 'SSH', now())")) {
            statement.setString(1, tenantId);
            statement.executeUpdate();
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
