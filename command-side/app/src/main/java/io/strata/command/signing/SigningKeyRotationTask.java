package io.strata.command.signing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Checks every hour, on one node of the cluster, whether the signing key is due for rotation. */
@Configuration
class SigningKeyRotationTask {

    @Bean
    RecurringTask<Void> signingKeyRotation(SigningKeys keys) {
        return Tasks.recurring("signing-key-rotation", FixedDelay.ofHours(1))
                .execute((instance, context) -> keys.rotateIfDue());
    }
}
