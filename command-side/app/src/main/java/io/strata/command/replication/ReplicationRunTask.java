package io.strata.command.replication;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Replication as claimed work: one node mirrors a backup to one replica; while the replica cannot be
 * reached the work is put back with a doubling backoff (the saga's deadline bounds how long); a node that
 * dies mid-copy has its work revived elsewhere (mirroring resumes: it copies only what is missing).
 */
@Configuration
@EnableConfigurationProperties(ReplicationProperties.class)
class ReplicationRunTask {

    static final TaskDescriptor<ReplicationTask> DESCRIPTOR = TaskDescriptor.of("replication-run", ReplicationTask.class);

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    CustomTask<ReplicationTask> replicationRunWork(ReplicationRunner runner, ReplicationProperties settings, Clock clock) {
        return Tasks.custom(DESCRIPTOR)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> {
                    ReplicationTask task = instance.getData();
                    boolean retry = runner.run(task) == ReplicationRunner.Outcome.RETRY;
                    return retry
                            ? (CompletionHandler<ReplicationTask>) (complete, operations) -> operations.reschedule(complete,
                            clock.instant().plus(settings.backoff(task.attempt())), task.next())
                            : (complete, operations) -> operations.remove();
                });
    }
}
