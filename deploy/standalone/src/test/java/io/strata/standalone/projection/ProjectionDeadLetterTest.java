package io.strata.standalone.projection;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.tenant.TenantCreated;
import io.strata.query.ParkedProjectionEvents;
import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event a projection cannot store (here a name with a NUL character, which no PostgreSQL text column holds,
 * recorded before the API refused such text) is parked in the dead-letter queue, and every other event of the
 * projection keeps flowing: the failed statement no longer leaves the batch's transaction unusable. Events
 * parked by a failure that has since passed are projected at the next retry. Its own context and database, so
 * the parked events (and the table renamed for a while) stay out of other tests' projections.
 */
@TestPropertySource(properties = "strata.test.isolation=dead-letters")
class ProjectionDeadLetterTest extends PlatformTest {

    /** Enough tenants that every segment of the projection (16 at most here) gets a poisoned sequence. */
    private static final int POISONED_TENANTS = 200;

    @Autowired
    EventBus eventBus;

    @Autowired
    ParkedProjectionEvents parkedEvents;

    @Test
    void anEventAProjectionCannotStoreIsParkedAndTheOthersAreProjected() {
        for (int i = 0; i < POISONED_TENANTS; i++) {
            eventBus.publish(GenericEventMessage.asEventMessage(new TenantCreated(
                    TenantId.of(UUID.randomUUID().toString()), "nul\u0000name", "nul-" + i)));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> parked("projection.tenant") == POISONED_TENANTS);
        Tenant tenant = signUp("Live Org");
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/v1/tenant", tenant.accessToken()).status() == 200);
        assertThat(api.get("/api/v1/tenant", tenant.accessToken()).text("name")).isEqualTo("Live Org");
    }

    @Test
    void eventsParkedByAFailureThatHasPassedAreProjectedAtTheNextRetry() throws Exception {
        Tenant tenant;
        admin("alter table tenant_view rename to tenant_view_away");
        try {
            tenant = signUp("Late Org");
            await().atMost(Duration.ofSeconds(60)).until(() -> parkedFor("projection.tenant", tenant.tenantId()) > 0);
        } finally {
            admin("alter table tenant_view_away rename to tenant_view");
        }
        assertThat(api.get("/api/v1/tenant", tenant.accessToken()).status()).as("still parked").isNotEqualTo(200);

        parkedEvents.retry();

        assertThat(parkedFor("projection.tenant", tenant.tenantId())).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/tenant", tenant.accessToken()).status() == 200);
        assertThat(api.get("/api/v1/tenant", tenant.accessToken()).text("name")).isEqualTo("Late Org");
    }

    private void admin(String sql) throws Exception {
        try (Connection connection = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long parkedFor(String group, String tenantId) throws Exception {
        try (Connection connection = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from dead_letter_entry where processing_group = '"
                     + group + "' and sequence_identifier like '%" + tenantId + "%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long parked(String group) throws Exception {
        try (Connection connection = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "select count(*) from dead_letter_entry where processing_group = '" + group + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
