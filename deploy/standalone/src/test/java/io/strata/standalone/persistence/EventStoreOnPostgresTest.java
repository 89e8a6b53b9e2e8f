package io.strata.standalone.persistence;

import io.strata.standalone.support.FreshDatabase;
import io.strata.standalone.support.PlatformTest;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Axon's storage on PostgreSQL as configured: bytea, one-step sequence, JSON, UTC, metadata, deadlines. */
class EventStoreOnPostgresTest extends PlatformTest {

    @Autowired
    DeadlineManager deadlineManager;

    @Autowired
    org.axonframework.config.EventProcessingConfiguration processing;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void projectionsArePooledStreamingWithADeadLetterQueueAndNoUpdateCheck() {
        for (String group : new String[]{"projection.tenant", "projection.server"}) {
            assertThat(processing.eventProcessor(group, org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor.class))
                    .as(group).isPresent();
            assertThat(processing.deadLetterQueue(group)).as(group + " dead letters").isPresent();
        }
        assertThat(environment.getProperty("axon.update-check.disabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isFalse();
    }

    @Test
    void noColumnIsALargeObjectAndBinaryColumnsAreBytea() throws Exception {
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = admin.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select table_name, column_name from information_schema.columns"
                    + " where table_schema = 'public' and data_type = 'oid'")) {
                assertThat(rs.next()).as("no OID large-object column").isFalse();
            }
            try (ResultSet rs = statement.executeQuery("select table_name || '.' || column_name, data_type"
                    + " from information_schema.columns where table_schema = 'public' and column_name in"
                    + " ('payload', 'meta_data', 'token', 'serialized_saga', 'diagnostics', 'task_data')")) {
                List<String> columns = new ArrayList<>();
                while (rs.next()) {
                    assertThat(rs.getString(2)).as(rs.getString(1)).isEqualTo("bytea");
                    columns.add(rs.getString(1));
                }
                assertThat(columns).contains("domain_event_entry.payload", "domain_event_entry.meta_data",
                        "snapshot_event_entry.payload", "token_entry.token", "saga_entry.serialized_saga",
                        "dead_letter_entry.payload", "scheduled_tasks.task_data");
            }
            try (ResultSet rs = statement.executeQuery(
                    "select increment_by from pg_sequences where sequencename = 'domain_event_entry_seq'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void eventsAreJsonWithUtcTimestampsGaplessIndexesAndWhoAskedInMetadata() throws Exception {
        Tenant tenant = signUp();
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             PreparedStatement statement = admin.prepareStatement("select global_index, payload_type, time_stamp,"
                     + " convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8') from domain_event_entry"
                     + " where aggregate_identifier = ? order by sequence_number")) {
            statement.setString(1, tenant.tenantId());
            List<Long> indexes = new ArrayList<>();
            List<String> types = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    indexes.add(rs.getLong(1));
                    types.add(rs.getString(2));
                    assertThat(rs.getString(3)).as("UTC timestamp").endsWith("Z");
                    assertThat(rs.getString(4)).as("JSON payload").startsWith("{").contains(tenant.tenantId());
                    assertThat(rs.getString(5)).as("metadata")
                            .contains("\"tenantId\":\"" + tenant.tenantId() + "\"")
                            .contains("\"userId\":\"" + tenant.userId() + "\"")
                            .contains("\"traceId\"");
                }
            }
            assertThat(types).containsExactly("io.strata.kernel.tenant.TenantCreated", "io.strata.kernel.tenant.DomainAdded",
                    "io.strata.kernel.tenant.MemberJoined", "io.strata.kernel.tenant.TenantSshKeyGenerated");
            for (int i = 1; i < indexes.size(); i++) {
                assertThat(indexes.get(i)).as("one command's events have consecutive indexes").isEqualTo(indexes.get(i - 1) + 1);
            }
            try (Statement sequence = admin.createStatement();
                 ResultSet rs = sequence.executeQuery("select (select last_value from domain_event_entry_seq),"
                         + " (select max(global_index) from domain_event_entry)")) {
                rs.next();
                assertThat(rs.getLong(1)).as("no block of indexes is pre-allocated").isEqualTo(rs.getLong(2));
            }
        }
    }

    @Test
    void deadlinesAreScheduledThroughDbScheduler() throws Exception {
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
        try (Connection admin = FreshDatabase.connect(database, FreshDatabase.ADMIN_USER);
             Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("select count(*) from scheduled_tasks where task_name = 'signing-key-rotation'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("recurring tasks live in db-scheduler's table").isEqualTo(1);
        }
    }
}
