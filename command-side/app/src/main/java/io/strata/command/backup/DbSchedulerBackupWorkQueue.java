package io.strata.command.backup;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import io.strata.command.registry.ClaimedWork;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Backup attempts as db-scheduler one-time executions of {@link BackupRunTask#NAME}: any node may pick one,
 * exactly one does (db-scheduler's claim), and the claim lives in the platform database with the rest.
 */
@Component
class DbSchedulerBackupWorkQueue implements BackupWorkQueue {

    private final SchedulerClient scheduler;
    private final ClaimedWork work;
    private final Clock clock;

    DbSchedulerBackupWorkQueue(SchedulerClient scheduler, ClaimedWork work, Clock clock) {
        this.scheduler = scheduler;
        this.work = work;
        this.clock = clock;
    }

    @Override
    public void enqueue(BackupTask task, Duration delay) {
        work.queue(BackupRunTask.DESCRIPTOR.instance(task.instanceId()).data(task).scheduledTo(clock.instant().plus(delay)));
    }

    @Override
    public void withdraw(BackupTask task) {
        TaskInstanceId id = TaskInstanceId.of(BackupRunTask.NAME, task.instanceId());
        scheduler.getScheduledExecution(id).filter(execution -> !execution.isPicked())
                .ifPresent(execution -> scheduler.cancel(id));
    }
}
