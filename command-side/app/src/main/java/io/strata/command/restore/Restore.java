package io.strata.command.restore;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.restore.CompleteRestoreCommand;
import io.strata.kernel.restore.FailRestoreCommand;
import io.strata.kernel.restore.RecordRestoreSourceCommand;
import io.strata.kernel.restore.RequestRestoreCommand;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreRequested;
import io.strata.kernel.restore.RestoreSourceSelected;
import io.strata.kernel.restore.RestoreStarted;
import io.strata.kernel.restore.RestoreStats;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A restore. Started once per attempt; a node that dies mid-restore has its work revived on another node,
 * which starts the next attempt (restoring is repeatable: files are rewritten and verified again), up to
 * {@link #MAX_ATTEMPTS}; then it fails. It ends exactly once.
 */
@Aggregate
class Restore {

    static final int MAX_ATTEMPTS = 3;

    @AggregateIdentifier
    private RestoreId restoreId;
    private TenantId tenantId;
    private BackupId backupId;
    private int attempts;
    private boolean finished;

    protected Restore() {
        // for Axon
    }

    @CommandHandler
    Restore(RequestRestoreCommand command) {
        apply(new RestoreRequested(command.restoreId(), command.tenantId(), command.backupId(), command.targetServerId(),
                command.targetPath(), command.paths(), command.overwrite(), command.sourceLocationId(), command.snapshotIds()));
    }

    /** Answers the attempt the worker starts, or 0 when attempts are exhausted and the restore failed instead. */
    @CommandHandler
    int handle(io.strata.kernel.restore.StartRestoreCommand command) {
        requireOpen(command.tenantId());
        if (attempts >= MAX_ATTEMPTS) {
            apply(new RestoreFailed(restoreId, tenantId, backupId, "WORKER_LOST",
                    "The worker restoring stopped responding, " + MAX_ATTEMPTS + " attempts in a row", RestoreStats.NONE, List.of()));
            return 0;
        }
        apply(new RestoreStarted(restoreId, tenantId, attempts + 1, command.worker()));
        return attempts;
    }

    @CommandHandler
    void handle(RecordRestoreSourceCommand command) {
        requireOpen(command.tenantId());
        apply(new RestoreSourceSelected(restoreId, tenantId, command.storageLocationId(), command.requestedLocationId(),
                command.fallbackReason()));
    }

    @CommandHandler
    void handle(CompleteRestoreCommand command) {
        requireOpen(command.tenantId());
        apply(new RestoreCompleted(restoreId, tenantId, backupId, command.stats()));
    }

    @CommandHandler
    void handle(FailRestoreCommand command) {
        requireOpen(command.tenantId());
        apply(new RestoreFailed(restoreId, tenantId, backupId, command.code(), command.message(), command.stats(),
                command.failedFiles()));
    }

    private void requireOpen(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw DomainException.notFound("The restore");
        }
        if (finished) {
            throw new DomainException(ErrorKind.CONFLICT, "RESTORE_FINISHED", "The restore already ended");
        }
    }

    @EventSourcingHandler
    void on(RestoreRequested event) {
        restoreId = event.restoreId();
        tenantId = event.tenantId();
        backupId = event.backupId();
    }

    @EventSourcingHandler
    void on(RestoreStarted event) {
        attempts = event.attempt();
    }

    @EventSourcingHandler
    void on(RestoreCompleted event) {
        finished = true;
    }

    @EventSourcingHandler
    void on(RestoreFailed event) {
        finished = true;
    }
}
