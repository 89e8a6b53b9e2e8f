package io.strata.command.restore;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Restores as claimed work: one node's worker picks each queued restore; if that node dies, db-scheduler
 * revives the work on another node, which starts the restore's next attempt.
 */
@Configuration
class RestoreRunTask {

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    OneTimeTask<RestoreTask> restoreRunWork(RestoreRunner runner) {
        return Tasks.oneTime(RestoreWork.DESCRIPTOR)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> runner.run(instance.getData()));
    }
}
