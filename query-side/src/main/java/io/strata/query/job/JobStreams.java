package io.strata.query.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.job.JobView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The open job streams of this node. Each tenant with open streams has one feed: the job projection is read
 * once a second per tenant, however many of its streams are open (every portal tab holds one), and each stream
 * is sent the jobs whose state or progress changed since it last got them, ended ones only if they ended less
 * than {@link #RECENT} before it opened. A feed stops polling when its last stream ends.
 *
 * <p>A stream is a request that lasts up to an hour, so the web server's graceful shutdown would wait its whole
 * grace period for them; instead, when the node stops, every stream is completed first (this lifecycle stops
 * before the web server) and the portal's event source reconnects, to another node if there is one.
 */
@Component
public class JobStreams implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobStreams.class);
    /** Jobs ended this long before a stream opened (or a list was asked for) are still shown. */
    static final Duration RECENT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final TenantJobs jobs;
    private final ObjectMapper json;
    private final Clock clock;
    /**
     * A stream sent nothing for this long gets a comment line: a client gone without a word is found out (only a
     * failed write tells), and proxies that cut idle connections (nginx after 60 s by default) leave it open.
     */
    private final Duration heartbeat;
    private final Map<TenantId, Feed> feeds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "job-stream");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    JobStreams(TenantJobs jobs, ObjectMapper json, Clock clock,
               @Value("${strata.jobs.stream-heartbeat:10s}") Duration heartbeat) {
        this.jobs = jobs;
        this.heartbeat = heartbeat;
        this.json = json;
        this.clock = clock;
    }

    /**
     * One open stream: what it was last sent of each job, and the oldest end of a job it shows. Equal only to
     * itself (a record's equality would change with what it was sent, and lose it in its feed's set).
     */
    private static final class Stream {
        final SseEmitter emitter;
        final Instant endedAfter;
        final Map<String, String> sent = new HashMap<>();
        long lastSent = System.nanoTime();

        Stream(SseEmitter emitter, Instant endedAfter) {
            this.emitter = emitter;
            this.endedAfter = endedAfter;
        }
    }

    /**
     * A tenant's open streams and the poll that feeds them, in {@link #feeds} until its last stream ends. Its
     * monitor guards {@code poll}, and leaving {@link #feeds}; {@code polling} keeps two polls (the periodic one
     * and one for a stream just opened) from sending on a stream at once.
     */
    private final class Feed {
        final TenantId tenant;
        final Set<Stream> streams = ConcurrentHashMap.newKeySet();
        final Object polling = new Object();
        ScheduledFuture<?> poll;

        Feed(TenantId tenant) {
            this.tenant = tenant;
        }

        /** Reads the tenant's jobs and sends each stream what changed; a failed read ends the streams. */
        void poll() {
            synchronized (polling) {
                if (streams.isEmpty()) {
                    return;
                }
                Instant oldest = streams.stream().map(s -> s.endedAfter).min(Instant::compareTo).orElseThrow();
                Map<JobView, String> current = new LinkedHashMap<>();
                try {
                    for (JobView job : jobs.find(tenant, oldest)) {
                        current.put(job, json.writeValueAsString(job));
                    }
                } catch (JsonProcessingException | RuntimeException e) {
                    log.warn("Job streams of tenant {} stopped: {}", tenant, e.getMessage());
                    for (Stream s : List.copyOf(streams)) {
                        ended(this, s);
                        s.emitter.completeWithError(e); // the portal's event source reconnects
                    }
                    return;
                }
                for (Stream s : List.copyOf(streams)) {
                    send(s, current);
                }
            }
        }

        private void send(Stream s, Map<JobView, String> current) {
            try {
                for (Map.Entry<JobView, String> e : current.entrySet()) {
                    JobView job = e.getKey();
                    boolean endedBeforeItOpened = job.endedAt() != null && !job.endedAt().isAfter(s.endedAfter);
                    if (!endedBeforeItOpened && !e.getValue().equals(s.sent.put(job.id(), e.getValue()))) {
                        s.emitter.send(SseEmitter.event().name("job").id(job.id()).data(e.getValue(), MediaType.APPLICATION_JSON));
                        s.lastSent = System.nanoTime();
                    }
                }
                if (System.nanoTime() - s.lastSent >= heartbeat.toNanos()) {
                    s.emitter.send(SseEmitter.event().comment("keep-alive"));
                    s.lastSent = System.nanoTime();
                }
            } catch (IOException gone) {
                ended(this, s); // the client went away
                s.emitter.completeWithError(gone);
            } catch (IllegalStateException completed) {
                ended(this, s); // completed meanwhile (timed out, or the node is stopping)
            }
        }
    }

    /** Opens a stream of the tenant's jobs: a comment at once, then one {@code job} event per change. */
    SseEmitter open(TenantId tenant) {
        SseEmitter emitter = new SseEmitter(LIFETIME.toMillis());
        try {
            emitter.send(SseEmitter.event().comment("jobs of tenant " + tenant)); // opens the stream at once
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        Stream stream = new Stream(emitter, clock.instant().minus(RECENT));
        Feed feed;
        while (true) {
            feed = feeds.computeIfAbsent(tenant, Feed::new);
            synchronized (feed) {
                if (feeds.get(tenant) != feed) {
                    continue; // its last stream ended just now: a new feed takes this one
                }
                feed.streams.add(stream);
                if (feed.poll == null) {
                    feed.poll = pollers.scheduleWithFixedDelay(feed::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    pollers.execute(feed::poll); // the new stream gets the current jobs now, not at the next poll
                }
                break;
            }
        }
        Feed joined = feed;
        Runnable ended = () -> ended(joined, stream);
        emitter.onCompletion(ended);
        emitter.onTimeout(ended);
        emitter.onError(e -> ended.run());
        return emitter;
    }

    private void ended(Feed feed, Stream stream) {
        synchronized (feed) {
            if (!feed.streams.remove(stream) || !feed.streams.isEmpty()) {
                return;
            }
            feed.poll.cancel(false);
            feeds.remove(feed.tenant, feed);
        }
    }

    /** Completes every open stream; clients see the end of the stream and may reconnect. */
    public void closeAll() {
        for (Feed feed : List.copyOf(feeds.values())) {
            for (Stream s : new ArrayList<>(feed.streams)) {
                ended(feed, s);
                s.emitter.complete();
            }
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
