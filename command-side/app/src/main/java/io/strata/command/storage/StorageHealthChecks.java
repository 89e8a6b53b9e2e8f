package io.strata.command.storage;

import io.strata.command.storage.StorageLocationRegistry.RegisteredLocation;
import io.strata.engine.storage.Storage;
import io.strata.engine.storage.StorageException;
import io.strata.kernel.storage.RecordStorageLocationProbeCommand;
import io.strata.kernel.storage.RecordStorageUsageCommand;
import jakarta.annotation.PreDestroy;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Probes every registered location (in parallel, each bounded by the timeout) and records the outcome on the
 * location, which keeps only changes; a location that answers has its usage measured when due. A reason never
 * carries the location's credentials: any secret value that a backend's message might echo is masked.
 */
@Component
class StorageHealthChecks {

    private static final Logger log = LoggerFactory.getLogger(StorageHealthChecks.class);
    private static final int MAX_REASON = 500;

    private final StorageLocationRegistry locations;
    private final StorageBackends backends;
    private final StorageCredentials credentials;
    private final CommandGateway commands;
    private final StorageHealthProperties settings;
    private final Clock clock;
    private final StorageProbe probe = new StorageProbe();
    private final ExecutorService probes;

    StorageHealthChecks(StorageLocationRegistry locations, StorageBackends backends, StorageCredentials credentials,
                        CommandGateway commands, StorageHealthProperties settings, Clock clock) {
        this.locations = locations;
        this.backends = backends;
        this.credentials = credentials;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
        this.probes = Executors.newFixedThreadPool(settings.parallelism(), Thread.ofPlatform().daemon().name("storage-probe-", 0)
                .factory());
    }

    /**
     * One round: every location probed at once (up to the parallelism), each outcome recorded; then the usage of
     * the locations that answered is measured where due. Returns when the probes are done or timed out; a
     * measurement still listing a large repository then finishes (and records itself) in the background.
     */
    void checkAll() {
        Instant at = clock.instant();
        Map<RegisteredLocation, Future<Storage>> running = new LinkedHashMap<>();
        for (RegisteredLocation location : locations.all()) {
            running.put(location, probes.submit(() -> {
                Storage storage = backends.of(location.tenantId(), location);
                probe.probe(storage, at);
                return storage;
            }));
        }
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Future<?>> measuring = new ArrayList<>();
        for (Map.Entry<RegisteredLocation, Future<Storage>> entry : running.entrySet()) {
            RegisteredLocation location = entry.getKey();
            String failure;
            Storage storage = null;
            try {
                storage = entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                failure = null;
            } catch (TimeoutException e) {
                entry.getValue().cancel(true);
                failure = "The storage did not answer within " + settings.timeout().toSeconds() + " s";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure = cause instanceof StorageException ? cause.getMessage()
                        : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (record(location, failure == null ? null : redact(location, failure), at) && storage != null
                    && locations.claimUsageMeasurement(location.id(), at, settings.usageInterval())) {
                Storage answered = storage;
                measuring.add(probes.submit(() -> measure(location, answered)));
            }
        }
        for (Future<?> measurement : measuring) {
            try {
                measurement.get(Math.max(0, deadline + settings.timeout().toNanos() - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // a slow listing goes on in the background; failures are logged by measure
            }
        }
    }

    /** Records a probe's outcome on the location (which keeps only changes); false if it could not be recorded. */
    private boolean record(RegisteredLocation location, String reason, Instant at) {
        if (reason != null) {
            log.debug("Storage location {} failed its probe: {}", location.id(), reason);
        }
        try {
            commands.sendAndWait(new RecordStorageLocationProbeCommand(location.id(), location.tenantId(), reason == null,
                    reason, at));
            return true;
        } catch (RuntimeException e) {
            log.warn("Health of storage location {} could not be recorded: {}", location.id(), e.getMessage());
            return false;
        }
    }

    private void measure(RegisteredLocation location, Storage storage) {
        try {
            StorageProbe.Usage usage = probe.measure(storage);
            commands.sendAndWait(new RecordStorageUsageCommand(location.id(), location.tenantId(), usage.bytes(),
                    usage.objects(), clock.instant()));
        } catch (StorageException e) {
            log.info("Usage of storage location {} could not be measured: {}", location.id(), redact(location, e.getMessage()));
        } catch (RuntimeException e) {
            log.warn("Usage of storage location {} could not be recorded: {}", location.id(), e.getMessage());
        }
    }

    /** The message without any of the location's secret values, cut to a readable length. */
    private String redact(RegisteredLocation location, String message) {
        String text = String.valueOf(message);
        for (Map.Entry<String, String> secret : credentials.of(location.id()).entrySet()) {
            String value = secret.getValue();
            if (value != null && value.length() >= 4) {
                text = text.replace(value, "***");
            }
        }
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "…" : text;
    }

    @PreDestroy
    void stop() {
        probes.shutdownNow();
    }
}
