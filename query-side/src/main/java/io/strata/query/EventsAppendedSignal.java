package io.strata.query;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells pooled streaming processors that events were appended, so that they handle them at once. Axon's pooled
 * processor re-reads its stream every 500 ms unless the stream offers an availability callback, and the embedded
 * event store's streams offer none: a projection then lagged a command by 250 ms on average. One daemon thread
 * tails the store through its shared cache of recent events (filled right after a commit on this node, and by
 * the store's periodic fetch for other nodes' events) and runs every registered callback when events arrive;
 * the processors' own streams read from the same cache, so the events are there when they look.
 *
 * <p>If the watcher fails it starts again after a second; meanwhile processors still look every few seconds on
 * their own (their claim interval), so a failing signal slows projections down but never stops them.
 */
final class EventsAppendedSignal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventsAppendedSignal.class);

    private final Set<Runnable> callbacks = ConcurrentHashMap.newKeySet();
    private StreamableMessageSource<TrackedEventMessage<?>> store;
    private Thread watcher;
    private volatile boolean closed;

    /** The store's events, from streams that offer an availability callback driven by this signal. */
    synchronized StreamableMessageSource<TrackedEventMessage<?>> source(StreamableMessageSource<TrackedEventMessage<?>> store) {
        if (this.store != null && this.store != store) {
            throw new IllegalStateException("one signal watches one event store");
        }
        this.store = store;
        return new SignallingMessageSource(store, this);
    }

    void register(Runnable callback) {
        callbacks.add(callback);
        startWatching();
    }

    void unregister(Runnable callback) {
        callbacks.remove(callback);
    }

    private synchronized void startWatching() {
        if (watcher == null && !closed) {
            watcher = Thread.ofPlatform().daemon().name("events-appended-signal").start(this::watch);
        }
    }

    private void watch() {
        while (!closed) {
            try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(store.createHeadToken())) {
                while (!closed) {
                    if (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        while (stream.hasNextAvailable()) {
                            stream.nextAvailable(); // only their arrival matters; payloads stay serialized
                        }
                        callbacks.forEach(Runnable::run);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("Watching the event store for new events failed; watching again in a second", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watcher != null) {
            watcher.interrupt();
        }
        callbacks.clear();
    }
}
