package io.strata.command.verification;

import io.strata.command.registry.ClaimedWork;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.verification.VerificationRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Queues a requested verification as claimed work, in the transaction that records the request. */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
class VerificationWork {

    static final TaskDescriptor<VerificationTask> DESCRIPTOR = TaskDescriptor.of("verification-run", VerificationTask.class);

    private final ClaimedWork work;
    private final Clock clock;

    VerificationWork(ClaimedWork work, Clock clock) {
        this.work = work;
        this.clock = clock;
    }

    @EventHandler
    void on(VerificationRequested event, @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        VerificationTask task = new VerificationTask(event.verificationId().value(), event.tenantId().value(),
                event.readData(), event.storageLocationId().value(), event.snapshotIds(), userId);
        work.queue(DESCRIPTOR.instance(task.verificationId()).data(task).scheduledTo(clock.instant()));
    }
}
