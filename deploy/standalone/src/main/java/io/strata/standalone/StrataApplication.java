package io.strata.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The all-in-one Strata node: command side, query side and portal in one process. */
@SpringBootApplication(scanBasePackages = "io.strata")
public class StrataApplication {

    public static void main(String[] args) {
        SpringApplication.run(StrataApplication.class, args);
    }
}
