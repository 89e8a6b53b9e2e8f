package io.strata.command.warmup;

import io.strata.engine.crypto.GcmWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Brings AES-GCM onto the processor's instructions once the node is ready ({@link GcmWarmUp}), on a thread of its
 * own: the node encrypts every pack, decrypts every pack it reads back and every SSH packet it exchanges with
 * AES-GCM, and without this its first jobs ran their first thousand segments each way through the JDK's fallback,
 * about a CPU-second of the first full backup. It takes about 0.2 CPU-seconds, once per start.
 */
@Component
public class CipherWarmUp {
    /** Long enough for a loaded machine; a processor without the instructions stops trying here. */
    static final Duration LIMIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(CipherWarmUp.class);

    private final CompletableFuture<Boolean> done = new CompletableFuture<>();

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Thread.ofPlatform().name("cipher-warm-up").daemon().start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        try {
            boolean fast = GcmWarmUp.run(LIMIT);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (fast) {
                log.info("AES-GCM runs on the processor's instructions after {} ms of warm-up", millis);
            } else {
                log.info("AES-GCM did not reach its full speed within {} ms of warm-up; the first jobs may encrypt more slowly",
                        millis);
            }
            done.complete(fast);
        } catch (RuntimeException e) {
            log.warn("AES-GCM warm-up failed", e);
            done.completeExceptionally(e);
        }
    }

    /** Completes once the warm-up has ended: true when AES-GCM reached its full speed. */
    public CompletableFuture<Boolean> done() {
        return done;
    }
}
