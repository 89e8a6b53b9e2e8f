package io.strata.query.job;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open job streams of this node. A stream is a request that lasts up to an hour, so the web server's
 * graceful shutdown would wait its whole grace period for them; instead, when the node stops, every stream
 * is completed first (this lifecycle stops before the web server) and the portal's event source reconnects,
 * to another node if there is one.
 */
@Component
public class JobStreams implements SmartLifecycle {

    private final Set<SseEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    void opened(SseEmitter emitter) {
        open.add(emitter);
    }

    void ended(SseEmitter emitter) {
        open.remove(emitter);
    }

    /** Completes every open stream; clients see the end of the stream and may reconnect. */
    public void closeAll() {
        for (SseEmitter emitter : open) {
            open.remove(emitter);
            emitter.complete();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        closeAll();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown (which runs at {@code DEFAULT_PHASE - 1024}). */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
