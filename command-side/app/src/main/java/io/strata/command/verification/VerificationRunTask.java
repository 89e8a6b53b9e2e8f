package io.strata.command.verification;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Verifications as claimed work, revived on another node if the node running one dies. */
@Configuration
class VerificationRunTask {

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    OneTimeTask<VerificationTask> verificationRunWork(VerificationRunner runner) {
        return Tasks.oneTime(VerificationWork.DESCRIPTOR)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> runner.run(instance.getData()));
    }
}
