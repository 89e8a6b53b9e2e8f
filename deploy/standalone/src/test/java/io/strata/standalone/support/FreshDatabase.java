package io.strata.standalone.support;

import io.strata.platform.database.DatabaseBootstrap;
import io.strata.platform.database.DatabaseProperties;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.DisposableBean;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Gives each test application context its own database on the machine's PostgreSQL (127.0.0.1:5432, or
 * {@code STRATA_TEST_DB_HOST}/{@code _PORT}), prepared exactly as a node prepares it on start, and drops it
 * when the context closes. Also gives the context a fresh data directory and a LOCAL-server root.
 */
public class FreshDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String ADMIN_USER = "postgres";
    public static final String APP_ROLE = "strata_app";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String name = "strata_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url = "jdbc:postgresql://" + host() + "/" + name;
        DatabaseProperties properties = new DatabaseProperties(url, APP_ROLE, "", ADMIN_USER, "", true,
                Duration.ofSeconds(5), 10);
        new DatabaseBootstrap(properties).prepare();
        Path dataDir;
        Path localRoot;
        try {
            dataDir = Files.createTempDirectory("strata-it-data");
            localRoot = Files.createTempDirectory("strata-it-local");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestPropertyValues.of(
                "strata.db.url=" + url,
                "strata.db.username=" + APP_ROLE,
                "strata.db.admin-username=" + ADMIN_USER,
                "strata.data-dir=" + dataDir,
                // a test may also allow the data directory, to see that no server may claim it anyway
                "strata.servers.local-roots=" + localRoot + (context.getEnvironment().getProperty(
                        "strata.test.data-dir-as-server-root", Boolean.class, false) ? "," + dataDir : ""),
                // a command source silent this long fails (tests' dumps write at once)
                "strata.servers.command-stall-timeout=8s",
                "strata.test.database=" + name,
                "strata.test.local-root=" + localRoot,
                // quick heartbeats and retries, so runs, cancels and lost workers resolve within seconds
                "strata.backup.heartbeat=250ms",
                "strata.backup.stall-timeout=4s",
                "strata.backup.retry-backoff=500ms",
                "strata.backup.busy-retry=1s",
                "db-scheduler.polling-interval=500ms",
                "strata.replication.retry-backoff=1s",
                "strata.replication.max-backoff=2s",
                "strata.jobs.stream-heartbeat=2s"
        ).applyTo(context);
        // Registered before any other bean, so destroyed after all of them (pool and processors included).
        context.getBeanFactory().registerSingleton("dropTestDatabase", (DisposableBean) () -> drop(name));
    }

    public static String host() {
        return System.getenv().getOrDefault("STRATA_TEST_DB_HOST", "127.0.0.1") + ":"
                + System.getenv().getOrDefault("STRATA_TEST_DB_PORT", "5432");
    }

    /** A connection to a test database as the given role. */
    public static Connection connect(String database, String user) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host() + "/" + database, user, "");
    }

    private static void drop(String name) {
        try (Connection admin = connect("postgres", ADMIN_USER); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
