package io.strata.platform.database;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Where the platform's database is and who connects to it ({@code strata.db.*}; environment variables
 * {@code STRATA_DB_URL}, {@code STRATA_DB_USERNAME}, {@code STRATA_DB_PASSWORD}, {@code STRATA_DB_ADMIN_USERNAME},
 * {@code STRATA_DB_ADMIN_PASSWORD}, …).
 *
 * @param url            JDBC URL of the platform database
 * @param username       the application's role: no superuser, no BYPASSRLS, owns no table
 * @param password       its password (empty for trust or peer authentication)
 * @param adminUsername  the role that runs migrations and, if allowed, creates the database and application role
 * @param adminPassword  its password
 * @param createDatabase create the database and application role on start when they are missing
 * @param connectTimeout how long to wait for PostgreSQL before giving up on start
 * @param poolSize       connections in the application's pool
 */
@ConfigurationProperties("strata.db")
public record DatabaseProperties(
        @DefaultValue("jdbc:postgresql://127.0.0.1:5432/strata") String url,
        @DefaultValue("strata_app") String username,
        @DefaultValue("") String password,
        @DefaultValue("postgres") String adminUsername,
        @DefaultValue("") String adminPassword,
        @DefaultValue("true") boolean createDatabase,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10") int poolSize) {

    @Override
    public String toString() {
        return "DatabaseProperties[url=" + url + ", username=" + username + ", adminUsername=" + adminUsername + "]";
    }
}
