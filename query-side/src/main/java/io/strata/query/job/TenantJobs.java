package io.strata.query.job;

import io.strata.kernel.identity.TenantId;
import io.strata.kernel.job.FindJobsQuery;
import io.strata.kernel.job.JobView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Reads a tenant's jobs from the job projection, for the job list and the job streams. */
@Component
class TenantJobs {

    private final QueryGateway queries;

    TenantJobs(QueryGateway queries) {
        this.queries = queries;
    }

    /** The tenant's jobs not ended, or ended after {@code endedAfter}. */
    List<JobView> find(TenantId tenant, Instant endedAfter) {
        return queries.query(new FindJobsQuery(tenant, endedAfter), ResponseTypes.multipleInstancesOf(JobView.class)).join();
    }
}
