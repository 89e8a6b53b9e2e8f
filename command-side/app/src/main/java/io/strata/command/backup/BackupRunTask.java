package io.strata.command.backup;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The claimed unit of work: db-scheduler hands each queued attempt to one node, which runs it with the
 * {@link BackupRunner}. When a limit is reached the attempt goes back to the queue for a while. An execution
 * whose node died is dropped by db-scheduler (not revived): the run saga's stall deadline decides what
 * follows, so retries have one owner. A node with {@code strata.backup.worker=false} runs no backups.
 */
@Configuration
class BackupRunTask {

    static final String NAME = "backup-run";
    static final TaskDescriptor<BackupTask> DESCRIPTOR = TaskDescriptor.of(NAME, BackupTask.class);

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    CustomTask<BackupTask> claimedBackupWork(BackupRunner runner, BackupRunProperties settings, Clock clock) {
        return Tasks.custom(DESCRIPTOR)
                .onDeadExecution(new DeadExecutionHandler.CancelDeadExecution<>())
                .execute((instance, context) -> {
                    BackupRunner.Outcome outcome = runner.run(instance.getData());
                    return outcome == BackupRunner.Outcome.BUSY
                            ? (CompletionHandler<BackupTask>) (complete, operations) ->
                            operations.reschedule(complete, clock.instant().plus(settings.busyRetry()))
                            : (complete, operations) -> operations.remove();
                });
    }
}
