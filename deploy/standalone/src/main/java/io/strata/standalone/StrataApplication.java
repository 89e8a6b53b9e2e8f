package io.strata.standalone;

import io.strata.platform.database.DatabaseBootstrapInitializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The all-in-one Strata node: command side, query side and (once built) the portal in one process on the
 * local PostgreSQL. Before anything else it prepares the database, or stops with one line saying why not.
 */
@SpringBootApplication(scanBasePackages = "io.strata")
public class StrataApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StrataApplication.class);
        application.addInitializers(new DatabaseBootstrapInitializer());
        application.run(args);
    }
}
