package io.strata.command.storage;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The storage health probe as a recurring task: db-scheduler runs each round on one node of the cluster, then
 * waits {@code strata.storage.health.interval} before the next.
 */
@Configuration
@EnableConfigurationProperties(StorageHealthProperties.class)
class StorageHealthTask {

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> storageHealthProbe(StorageHealthChecks checks, StorageHealthProperties settings) {
        return Tasks.recurring("storage-health-probe", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> checks.checkAll());
    }
}
