package io.strata.command.replication;

import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.strata.command.backup.BackupRegistry;
import io.strata.command.registry.ClaimedWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Periodic reconciliation: every {@code strata.replication.reconciliation.interval}, one node of the cluster queues
 * one unit of claimed work per (tenant repository, replica location) pair; any node's worker runs each (a pair still
 * queued or running from the last round is not queued again; a node that dies mid-run has its work revived).
 */
@Configuration
@EnableConfigurationProperties(ReconciliationProperties.class)
class ReconciliationRunTask {

    static final TaskDescriptor<ReconciliationTask> DESCRIPTOR = TaskDescriptor.of("replica-reconciliation",
            ReconciliationTask.class);

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> replicaReconciliationRound(BackupRegistry backups, ObjectProvider<ClaimedWork> claimedWork,
                                                    ReconciliationProperties settings, Clock clock) {
        // looked up when a round runs: the scheduler that ClaimedWork uses is built from this task's bean
        return Tasks.recurring("replica-reconciliation-round", FixedDelay.of(settings.interval()))
                .execute((instance, context) -> {
                    ClaimedWork work = claimedWork.getObject();
                    for (BackupRegistry.ReplicaPair pair : backups.replicaPairs()) {
                        ReconciliationTask task = new ReconciliationTask(pair.tenantId().value(), pair.primary().value(),
                                pair.replica().value());
                        work.queue(DESCRIPTOR.instance(task.instanceId()).data(task).scheduledTo(clock.instant()));
                    }
                });
    }

    @Bean
    @ConditionalOnProperty(name = "strata.backup.worker", havingValue = "true", matchIfMissing = true)
    OneTimeTask<ReconciliationTask> replicaReconciliationWork(ReplicaReconciler reconciler) {
        return Tasks.oneTime(DESCRIPTOR)
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> reconciler.reconcile(instance.getData()));
    }
}
