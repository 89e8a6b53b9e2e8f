package io.strata.query.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.job.FindJobsQuery;
import io.strata.kernel.job.JobView;
import io.strata.platform.caller.CurrentCaller;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/jobs}: running and waiting jobs (and those ended in the last minute);
 * {@code GET /api/v1/jobs/stream}: the same as server-sent events, one {@code job} event each time a job's
 * state or progress changes, for as long as the portal keeps the stream open (at most an hour).
 */
@RestController
class JobController {

    private static final Logger log = LoggerFactory.getLogger(JobController.class);
    private static final Duration RECENT = Duration.ofMinutes(1);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration STREAM_LIFETIME = Duration.ofHours(1);

    private final QueryGateway queries;
    private final ObjectMapper json;
    private final Clock clock;
    private final JobStreams streams;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "job-stream");
        thread.setDaemon(true);
        return thread;
    });

    JobController(QueryGateway queries, ObjectMapper json, Clock clock, JobStreams streams) {
        this.queries = queries;
        this.streams = streams;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/api/v1/jobs")
    List<JobView> jobs() {
        return find(CurrentCaller.require().tenantId(), clock.instant().minus(RECENT));
    }

    @GetMapping(path = "/api/v1/jobs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        TenantId tenantId = CurrentCaller.require().tenantId();
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        Map<String, String> sent = new HashMap<>();
        AtomicReference<ScheduledFuture<?>> poll = new AtomicReference<>();
        Instant opened = clock.instant();
        try {
            emitter.send(SseEmitter.event().comment("jobs of tenant " + tenantId)); // opens the stream at once
        } catch (IOException e) {
            emitter.completeWithError(e);
            return emitter;
        }
        poll.set(pollers.scheduleWithFixedDelay(() -> {
            try {
                for (JobView job : find(tenantId, opened.minus(RECENT))) {
                    String body = json.writeValueAsString(job);
                    if (!body.equals(sent.put(job.id(), body))) {
                        emitter.send(SseEmitter.event().name("job").id(job.id()).data(body, MediaType.APPLICATION_JSON));
                    }
                }
            } catch (IOException | IllegalStateException e) {
                stop(poll);
            } catch (RuntimeException e) {
                log.warn("Job stream of tenant {} stopped: {}", tenantId, e.getMessage());
                stop(poll);
                emitter.completeWithError(e);
            }
        }, 0, POLL.toMillis(), TimeUnit.MILLISECONDS));
        Runnable ended = () -> {
            stop(poll);
            streams.ended(emitter);
        };
        emitter.onCompletion(ended);
        emitter.onTimeout(ended);
        emitter.onError(e -> ended.run());
        streams.opened(emitter);
        return emitter;
    }

    private List<JobView> find(TenantId tenantId, Instant endedAfter) {
        return queries.query(new FindJobsQuery(tenantId, endedAfter), ResponseTypes.multipleInstancesOf(JobView.class)).join();
    }

    private static void stop(AtomicReference<ScheduledFuture<?>> poll) {
        ScheduledFuture<?> future = poll.get();
        if (future != null) {
            future.cancel(false);
        }
    }
}
