package io.strata.standalone.job;

import io.strata.query.job.JobStreams;
import io.strata.standalone.support.PlatformTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The live job stream pushes a backup from request to success, and the job list shows it. */
class JobStreamTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Autowired
    JobStreams streams;

    @Test
    void streamFollowsABackupToItsEnd() throws Exception {
        Tenant tenant = signUp();
        Path data = Files.createDirectories(localRoot.resolve("jobs-" + System.nanoTime()));
        Files.writeString(data.resolve("a.txt"), "hello");
        String plan = localPlan(tenant, data, List.of(data.toString())).planId();

        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(api.builder("/api/v1/jobs/stream",
                tenant.accessToken()).timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        String backup = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL"))
                .text("backupId");

        List<String> events = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line.substring(5));
                        if (line.contains(backup) && line.contains("\"SUCCEEDED\"")) {
                            return;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reading.get(90, TimeUnit.SECONDS);
        assertThat(events).anyMatch(e -> e.contains(backup) && e.contains("\"kind\":\"BACKUP\""));
        assertThat(events.get(events.size() - 1)).contains("\"SUCCEEDED\"");
        assertThat(api.get("/api/v1/jobs", tenant.accessToken()).json()).anyMatch(job -> job.get("id").asText().equals(backup));
        assertThat(api.get("/api/v1/jobs", signUp().accessToken()).json()).isEmpty();
    }

    /** A stopping node ends its streams at once rather than holding its shutdown for them. */
    @Test
    void closingTheStreamsEndsAnOpenStream() throws Exception {
        Tenant tenant = signUp();
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(api.builder("/api/v1/jobs/stream",
                tenant.accessToken()).timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<Void> readToEnd = CompletableFuture.runAsync(() -> {
            try (InputStream body = stream.body()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(1500);
        assertThat(readToEnd).isNotDone();

        streams.closeAll();

        readToEnd.get(10, TimeUnit.SECONDS);
    }
}
