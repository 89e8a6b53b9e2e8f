package io.strata.engine.progress;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters updated by workers and a reporter thread that turns them into {@link Progress} for a
 * listener every {@code interval}. Time comes from the injected clock.
 */
public final class ProgressMeter implements AutoCloseable {
    public final AtomicLong filesTotal = new AtomicLong();
    public final AtomicLong bytesTotal = new AtomicLong();
    public final AtomicLong filesDone = new AtomicLong();
    public final AtomicLong bytesDone = new AtomicLong();
    private volatile boolean scanComplete;
    private volatile String currentPath;
    private final Clock clock;
    private final Instant start;
    private final ProgressListener listener;
    private final ScheduledExecutorService reporter;
    private long lastBytes;
    private Instant lastTime;

    public ProgressMeter(Clock clock, ProgressListener listener, Duration interval) {
        this.clock = clock;
        this.start = clock.instant();
        this.lastTime = start;
        this.listener = listener;
        if (listener == ProgressListener.NONE) {
            reporter = null;
        } else {
            reporter = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("strata-progress").daemon().factory());
            reporter.scheduleAtFixedRate(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void scanComplete() {
        scanComplete = true;
    }

    public void current(String path) {
        currentPath = path;
    }

    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    public synchronized Progress snapshot() {
        Instant now = clock.instant();
        long bytes = bytesDone.get();
        double secs = Duration.between(lastTime, now).toNanos() / 1e9;
        double rate = secs > 0 ? (bytes - lastBytes) / secs : 0;
        lastBytes = bytes;
        lastTime = now;
        return new Progress(filesTotal.get(), bytesTotal.get(), filesDone.get(), bytes, rate,
                Duration.between(start, now), scanComplete, currentPath);
    }

    private void report() {
        try {
            listener.onProgress(snapshot());
        } catch (RuntimeException e) {
            // a failing listener must not stop the operation
        }
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.shutdownNow();
            report();
        }
    }
}
