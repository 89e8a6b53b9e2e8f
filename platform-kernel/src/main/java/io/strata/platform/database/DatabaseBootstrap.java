package io.strata.platform.database;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Prepares PostgreSQL before anything else touches it: checks that the server answers (within the connect
 * timeout), creates the platform database and the application role when they are missing and the
 * administrator may, and lets the application role connect. Idempotent; safe to run on every start and on
 * several nodes at once (a lost creation race is taken as success).
 */
public final class DatabaseBootstrap {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DatabaseProperties properties;

    public DatabaseBootstrap(DatabaseProperties properties) {
        this.properties = properties;
    }

    public void prepare() {
        Target target = Target.parse(properties.url());
        String database = requireIdentifier(target.database(), "database name in STRATA_DB_URL");
        String appRole = requireIdentifier(properties.username(), "STRATA_DB_USERNAME");
        try (Connection admin = connect(target.withDatabase("postgres"), properties.adminUsername(),
                properties.adminPassword())) {
            if (properties.createDatabase()) {
                ensureRole(admin, appRole);
                ensureDatabase(admin, database);
            }
        } catch (SQLException e) {
            throw unavailable(target, e);
        }
        try (Connection admin = connect(target.url(), properties.adminUsername(), properties.adminPassword());
             Statement statement = admin.createStatement()) {
            statement.execute("GRANT CONNECT, TEMPORARY ON DATABASE " + database + " TO " + appRole);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + appRole);
        } catch (SQLException e) {
            throw unavailable(target, e);
        }
    }

    private void ensureRole(Connection admin, String role) throws SQLException {
        if (exists(admin, "select 1 from pg_roles where rolname = ?", role)) {
            return;
        }
        try (Statement statement = admin.createStatement()) {
            String password = properties.password().isEmpty() ? ""
                    : " PASSWORD '" + properties.password().replace("'", "''") + "'";
            statement.execute("CREATE ROLE " + role + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE" + password);
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) { // duplicate_object: another node created it first
                throw e;
            }
        }
    }

    private static void ensureDatabase(Connection admin, String database) throws SQLException {
        if (exists(admin, "select 1 from pg_database where datname = ?", database)) {
            return;
        }
        try (Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // duplicate_database
                throw e;
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Connection connect(String url, String user, String password) throws SQLException {
        Properties info = new Properties();
        info.setProperty("user", user);
        if (!password.isEmpty()) {
            info.setProperty("password", password);
        }
        long seconds = Math.max(1, properties.connectTimeout().toSeconds());
        info.setProperty("connectTimeout", Long.toString(seconds));
        info.setProperty("loginTimeout", Long.toString(seconds));
        info.setProperty("socketTimeout", Long.toString(Math.max(30, seconds)));
        return DriverManager.getConnection(url, info);
    }

    private DatabaseUnavailableException unavailable(Target target, SQLException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().lines().findFirst().orElse("").replaceAll("[.\\s]+$", "");
        return new DatabaseUnavailableException("Strata cannot start: PostgreSQL at " + target.hostAndPort()
                + " (database '" + target.database() + "', administrator '" + properties.adminUsername()
                + "') failed: " + reason + ". Start PostgreSQL there, or point STRATA_DB_URL and"
                + " STRATA_DB_ADMIN_USERNAME/STRATA_DB_ADMIN_PASSWORD at a server you can reach.", e);
    }

    private static String requireIdentifier(String name, String what) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new DatabaseUnavailableException("Strata cannot start: the " + what + " '" + name
                    + "' must be a lower-case SQL identifier (letters, digits, '_').", null);
        }
        return name;
    }

    /** The parts of a {@code jdbc:postgresql://host:port/database?params} URL the bootstrap needs. */
    record Target(String url, String hostAndPort, String database, String query) {

        static Target parse(String jdbcUrl) {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new DatabaseUnavailableException("Strata cannot start: STRATA_DB_URL '" + jdbcUrl
                        + "' is not a jdbc:postgresql://host:port/database URL.", null);
            }
            URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            return new Target(jdbcUrl, host + ":" + port, path.isEmpty() ? "postgres" : path,
                    uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        }

        String withDatabase(String other) {
            String base = url.substring(0, url.indexOf("//") + 2) + hostAndPort + "/" + other;
            return base + query;
        }
    }
}
