package io.strata.command.restore;

import io.strata.command.registry.ClaimedWork;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import io.strata.command.registry.RegistryProcessing;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.restore.RestoreRequested;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Queues a requested restore as claimed work, in the transaction that records the request, so a request is
 * never lost and never queued twice.
 */
@Component
@ProcessingGroup(RegistryProcessing.GROUP)
class RestoreWork {

    static final TaskDescriptor<RestoreTask> DESCRIPTOR = TaskDescriptor.of("restore-run", RestoreTask.class);

    private final ClaimedWork work;
    private final Clock clock;

    RestoreWork(ClaimedWork work, Clock clock) {
        this.work = work;
        this.clock = clock;
    }

    @EventHandler
    void on(RestoreRequested event, @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        RestoreTask task = new RestoreTask(event.restoreId().value(), event.tenantId().value(), event.backupId().value(),
                event.targetServerId().value(), event.targetPath(), event.paths(), event.overwrite(),
                event.sourceLocationId().value(), event.snapshotIds(), userId);
        work.queue(DESCRIPTOR.instance(task.restoreId()).data(task).scheduledTo(clock.instant()));
    }
}
