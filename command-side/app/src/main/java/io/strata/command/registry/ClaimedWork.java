package io.strata.command.registry;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues claimed work (db-scheduler executions that any node's worker may pick). Work queued inside a
 * transaction becomes visible when that transaction commits, which the scheduler's own immediate check
 * cannot see; so this asks the local scheduler to look for due work right after the commit, and the work
 * starts at once instead of at the next poll. Other nodes pick it up at their next poll.
 */
@Component
public class ClaimedWork {

    private final Scheduler scheduler;

    public ClaimedWork(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Queues the instance unless it is already queued. */
    public void queue(SchedulableInstance<?> instance) {
        scheduler.scheduleIfNotExists(instance);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        } else {
            scheduler.triggerCheckForDueExecutions();
        }
    }
}
