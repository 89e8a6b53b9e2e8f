package io.strata.query;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Optional;

/**
 * Retries the events projections have parked, on one node of the cluster, every
 * {@code strata.projections.parked-retry-interval} (10 minutes unless set). A parked event holds back the
 * later events of its sequence (its tenant's, for that projection), so a failure that has passed (the database
 * briefly refusing, a lock timeout) must not keep them back for good: each parked sequence is tried once per
 * round, and one whose events now project is gone from the queue with all it held back. One that fails again
 * stays parked with its latest cause.
 */
@Configuration
public class ParkedProjectionEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedProjectionEvents.class);

    private final EventProcessingConfiguration processing;

    ParkedProjectionEvents(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Bean
    RecurringTask<Void> parkedProjectionEventsRetry(
            @Value("${strata.projections.parked-retry-interval:10m}") Duration interval) {
        return Tasks.recurring("parked-projection-events-retry", FixedDelay.of(interval))
                .execute((instance, context) -> retry());
    }

    /** Tries each parked sequence of every projection once; answers how many sequences now projected. */
    public int retry() {
        int projected = 0;
        for (String group : processing.eventProcessors().keySet()) {
            if (!group.startsWith(ProjectionProcessingConfiguration.PROJECTION_PREFIX)) {
                continue;
            }
            Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(group);
            Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor = processing.sequencedDeadLetterProcessor(group);
            if (queue.isEmpty() || processor.isEmpty()) {
                continue;
            }
            long sequences = queue.get().amountOfSequences();
            for (long i = 0; i < sequences; i++) {
                if (processor.get().processAny()) {
                    projected++;
                }
            }
            if (sequences > 0) {
                log.info("Projection {}: {} parked sequences retried, {} left", group, sequences,
                        queue.get().amountOfSequences());
            }
        }
        return projected;
    }
}
