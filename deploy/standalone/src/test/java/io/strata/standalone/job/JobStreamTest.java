package io.strata.standalone.job;

import io.strata.kernel.job.FindJobsQuery;
import io.strata.query.job.JobStreams;
import io.strata.standalone.support.PlatformTest;
import org.axonframework.common.Registration;
import org.axonframework.queryhandling.QueryBus;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The live job stream pushes a backup from request to success, and the job list shows it. */
class JobStreamTest extends PlatformTest {

    @Value("${strata.test.local-root}")
    Path localRoot;

    @Autowired
    JobStreams streams;

    @Autowired
    QueryBus queryBus;

    @Value("${strata.jobs.stream-heartbeat}")
    Duration heartbeat;

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

    /**
     * However many streams a tenant has open, the job projection is read once a second for it, each stream still
     * gets every change, and once the streams end nothing is read any more.
     */
    @Test
    void aTenantsStreamsShareOnePollThatStopsWithThem() throws Exception {
        Tenant tenant = signUp();
        Tenant other = signUp();
        Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        Registration counting = queryBus.registerDispatchInterceptor(messages -> (i, m) -> {
            if (m.getPayload() instanceof FindJobsQuery q) {
                reads.computeIfAbsent(q.tenantId().value(), t -> new AtomicInteger()).incrementAndGet();
            }
            return m;
        });
        try {
            List<HttpResponse<InputStream>> open = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                open.add(openStream(tenant));
            }
            HttpResponse<InputStream> others = openStream(other);
            Thread.sleep(500); // the reads each opening asks for at once are done
            int before = count(reads, tenant);
            int otherBefore = count(reads, other);
            Thread.sleep(3500);
            int polls = count(reads, tenant) - before;
            assertThat(polls).as("reads for three streams of one tenant in 3.5 s").isBetween(1, 5); // one stream each: 9+
            assertThat(count(reads, other) - otherBefore).as("the other tenant's feed").isBetween(1, 5);

            Path data = Files.createDirectories(localRoot.resolve("jobs-" + System.nanoTime()));
            Files.writeString(data.resolve("a.txt"), "hello");
            String plan = localPlan(tenant, data, List.of(data.toString())).planId();
            String backup = api.post("/api/v1/plans/" + plan + "/backups", tenant.accessToken(), Map.of("level", "FULL"))
                    .text("backupId");
            List<CompletableFuture<List<String>>> reading = open.stream().map(r -> readUntilSucceeded(r, backup)).toList();
            for (CompletableFuture<List<String>> events : reading) {
                assertThat(events.get(90, TimeUnit.SECONDS)).anyMatch(e -> e.contains(backup) && e.contains("\"kind\":\"BACKUP\""));
            }

            streams.closeAll();
            others.body().close();
            Thread.sleep(300); // a poll under way when they closed may still finish
            int after = count(reads, tenant) + count(reads, other);
            Thread.sleep(2500);
            assertThat(count(reads, tenant) + count(reads, other)).as("reads once every stream ended: %s (tenant %s)", reads, tenant.tenantId()).isEqualTo(after);
        } finally {
            counting.cancel();
        }
    }

    /**
     * An idle stream gets a comment line now and then (so proxies keep it open), and a client gone without a word
     * is found out by it: the tenant's poll stops.
     */
    @Test
    void anIdleStreamIsKeptAliveAndOneWhoseClientWentAwayStopsBeingPolled() throws Exception {
        Tenant tenant = signUp();
        AtomicInteger reads = new AtomicInteger();
        Registration counting = queryBus.registerDispatchInterceptor(messages -> (i, m) -> {
            if (m.getPayload() instanceof FindJobsQuery q && q.tenantId().value().equals(tenant.tenantId())) {
                reads.incrementAndGet();
            }
            return m;
        });
        try {
            HttpResponse<InputStream> stream = openStream(tenant);
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            CompletableFuture<String> keptAlive = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (line.equals(":keep-alive")) {
                            return line;
                        }
                    }
                    return "the stream ended";
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(keptAlive.get(heartbeat.toSeconds() + 5, TimeUnit.SECONDS)).isEqualTo(":keep-alive");
            assertThat(reads.get()).as("polled while open").isGreaterThanOrEqualTo((int) heartbeat.toSeconds() / 2);

            stream.body().close();
            long deadline = System.nanoTime() + 3 * heartbeat.toNanos() + TimeUnit.SECONDS.toNanos(5);
            int seen = -1;
            while (reads.get() != seen && System.nanoTime() < deadline) { // until a 2 s pause, or too long
                seen = reads.get();
                Thread.sleep(2000);
            }
            assertThat(reads.get()).as("reads after the client went away").isEqualTo(seen);
            Thread.sleep(2000);
            assertThat(reads.get()).as("reads after the client went away").isEqualTo(seen);
        } finally {
            counting.cancel();
        }
    }

    private HttpResponse<InputStream> openStream(Tenant tenant) throws Exception {
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(api.builder("/api/v1/jobs/stream",
                tenant.accessToken()).timeout(Duration.ofSeconds(120)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        return stream;
    }

    /** The {@code data:} lines of a stream, read until one says the backup succeeded. */
    private static CompletableFuture<List<String>> readUntilSucceeded(HttpResponse<InputStream> stream, String backup) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> events = new ArrayList<>();
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(line.substring(5));
                        if (line.contains(backup) && line.contains("\"SUCCEEDED\"")) {
                            return events;
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw new AssertionError("the stream ended before backup " + backup + " succeeded: " + events);
        });
    }

    private static int count(Map<String, AtomicInteger> reads, Tenant tenant) {
        AtomicInteger n = reads.get(tenant.tenantId());
        return n == null ? 0 : n.get();
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
