package io.strata.standalone;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A node whose PostgreSQL cannot be reached stops at once with one line that says what to do. */
class DatabaseUnreachableTest {

    @Test
    void nodeStopsWithinSecondsWithOneClearLine() throws Exception {
        Path stderr = Files.createTempFile("strata-stderr", ".txt");
        Path stdout = Files.createTempFile("strata-stdout", ".txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StrataApplication.class.getName())
                .redirectError(stderr.toFile()).redirectOutput(stdout.toFile())
                .directory(Files.createTempDirectory("strata-unreachable").toFile());
        builder.environment().put("STRATA_DB_URL", "jdbc:postgresql://127.0.0.1:1/strata");
        builder.environment().put("STRATA_PORT", "0");
        long started = System.nanoTime();
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (!exited) {
            process.destroyForcibly();
        }

        assertThat(exited).as("the node stopped by itself").isTrue();
        assertThat(process.exitValue()).isEqualTo(3);
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("stderr: %s", lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("Strata cannot start: PostgreSQL at 127.0.0.1:1")
                .contains("STRATA_DB_URL").contains("refused");
        assertThat(Files.readString(stdout)).as("nothing half-started").doesNotContain("Tomcat started");
        assertThat(seconds).as("stops within seconds (JVM start included)").isLessThan(30);
        new File(stderr.toString()).delete();
        new File(stdout.toString()).delete();
    }
}
