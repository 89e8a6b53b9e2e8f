package io.strata.query.job;

import io.strata.kernel.job.JobView;
import io.strata.platform.caller.CurrentCaller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/jobs}: running and waiting jobs (and those ended in the last minute);
 * {@code GET /api/v1/jobs/stream}: the same as server-sent events, one {@code job} event each time a job's
 * state or progress changes, for as long as the portal keeps the stream open (at most an hour; see
 * {@link JobStreams}).
 */
@RestController
class JobController {

    private final TenantJobs jobs;
    private final JobStreams streams;
    private final Clock clock;

    JobController(TenantJobs jobs, JobStreams streams, Clock clock) {
        this.jobs = jobs;
        this.streams = streams;
        this.clock = clock;
    }

    @GetMapping("/api/v1/jobs")
    List<JobView> jobs() {
        return jobs.find(CurrentCaller.require().tenantId(), clock.instant().minus(JobStreams.RECENT));
    }

    @GetMapping(path = "/api/v1/jobs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        return streams.open(CurrentCaller.require().tenantId());
    }
}
