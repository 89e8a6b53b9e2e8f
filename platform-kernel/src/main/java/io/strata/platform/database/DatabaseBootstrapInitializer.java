package io.strata.platform.database;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the {@link DatabaseBootstrap} before the application context creates its pool or migrates. A node's
 * {@code main} registers it; when PostgreSQL cannot be used the node prints one line saying what it tried
 * and how to fix it, and exits with status 3 instead of starting half-way.
 */
public final class DatabaseBootstrapInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final int EXIT_DATABASE_UNAVAILABLE = 3;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        DatabaseProperties properties = Binder.get(context.getEnvironment())
                .bindOrCreate("strata.db", DatabaseProperties.class);
        try {
            new DatabaseBootstrap(properties).prepare();
        } catch (DatabaseUnavailableException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            System.exit(EXIT_DATABASE_UNAVAILABLE);
        }
    }
}
