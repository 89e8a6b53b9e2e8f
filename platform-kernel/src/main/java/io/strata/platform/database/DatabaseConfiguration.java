package io.strata.platform.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Map;

/**
 * The application's connection pool (as the application role) and Flyway (as the administrator, with the
 * application role's name as the {@code appRole} placeholder for grants).
 */
@Configuration
@EnableConfigurationProperties(DatabaseProperties.class)
class DatabaseConfiguration {

    @Bean
    DataSource dataSource(DatabaseProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("strata");
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.username());
        if (!properties.password().isEmpty()) {
            config.setPassword(properties.password());
        }
        config.setMaximumPoolSize(properties.poolSize());
        config.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis()));
        config.addDataSourceProperty("connectTimeout", Math.max(1, properties.connectTimeout().toSeconds()));
        config.addDataSourceProperty("ApplicationName", "strata");
        return new HikariDataSource(config);
    }

    @Bean
    FlywayConfigurationCustomizer migrateAsAdministrator(DatabaseProperties properties) {
        return configuration -> configuration
                .dataSource(properties.url(), properties.adminUsername(), properties.adminPassword())
                .placeholders(Map.of("appRole", properties.username()));
    }
}
