package io.strata.command.backup;

import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancellationRequested;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupLevelEscalated;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupRef;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.RecordReplicaFailedCommand;
import io.strata.kernel.backup.RecordReplicaSyncedCommand;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.BackupStatus;
import io.strata.kernel.backup.CancelBackupCommand;
import io.strata.kernel.backup.CompleteBackupCommand;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.backup.ConfirmBackupCancelledCommand;
import io.strata.kernel.backup.ExpireBackupClaimCommand;
import io.strata.kernel.backup.FailBackupAttemptCommand;
import io.strata.kernel.backup.RecordBackupProgressCommand;
import io.strata.kernel.backup.RequestBackupCommand;
import io.strata.kernel.backup.StartBackupCommand;
import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.plan.BackupLevel;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One backup run. Decides the effective level (a DIFFERENTIAL needs the plan's last successful FULL, an
 * INCREMENTAL its last successful backup; otherwise the run becomes a FULL and says why), admits one worker
 * attempt at a time (commands from an earlier attempt are refused, so a worker presumed dead cannot finish
 * a run that was handed to another), retries retryable failures and lost claims while attempts remain, and
 * ends exactly once.
 */
@Aggregate
class Backup {

    static final String NO_FULL_BACKUP = "NO_SUCCESSFUL_FULL";
    static final String NO_PREVIOUS_BACKUP = "NO_SUCCESSFUL_BACKUP";

    @AggregateIdentifier
    private BackupId backupId;
    private TenantId tenantId;
    private PlanId planId;
    private ServerId serverId;
    private BackupLevel level;
    private boolean dryRun;
    private int maxAttempts;
    private int attempt;
    private BackupStatus status;
    private final Set<StorageLocationId> syncedReplicas = new HashSet<>();

    protected Backup() {
        // for Axon
    }

    @CommandHandler
    Backup(RequestBackupCommand command) {
        if (command.maxAttempts() < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        BackupLevel effective = command.requestedLevel();
        BackupRef base = null;
        String escalation = null;
        if (effective == BackupLevel.DIFFERENTIAL) {
            base = command.lastFull();
            escalation = base == null ? NO_FULL_BACKUP : null;
        } else if (effective == BackupLevel.INCREMENTAL) {
            base = command.lastSuccessful();
            escalation = base == null ? NO_PREVIOUS_BACKUP : null;
        }
        if (escalation != null) {
            effective = BackupLevel.FULL;
        }
        apply(new BackupRequested(command.backupId(), command.tenantId(), command.planId(), command.serverId(),
                command.storageLocationId(), command.requestedLevel(), effective,
                base == null ? null : base.backupId(), base == null ? List.of() : base.snapshotIds(), command.dryRun(),
                command.maxAttempts()));
        if (escalation != null) {
            apply(new BackupLevelEscalated(command.backupId(), command.tenantId(), command.requestedLevel(), effective,
                    escalation));
        }
    }

    @CommandHandler
    void handle(StartBackupCommand command) {
        requireTenant(command.tenantId());
        if (command.attempt() != attempt) {
            throw stale(command.attempt());
        }
        if (status != BackupStatus.REQUESTED) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_WAITING", "The backup is " + status + ", not waiting to start");
        }
        apply(new BackupStarted(backupId, tenantId, attempt, command.worker()));
    }

    /** Records a heartbeat; answers whether the worker should stop because cancellation was asked for. */
    @CommandHandler
    boolean handle(RecordBackupProgressCommand command) {
        requireRunningAttempt(command.tenantId(), command.attempt());
        apply(new BackupProgressed(backupId, tenantId, attempt, command.progress()));
        return status == BackupStatus.CANCELLING;
    }

    @CommandHandler
    void handle(CompleteBackupCommand command) {
        requireRunningAttempt(command.tenantId(), command.attempt());
        if (!dryRun && command.snapshotIds().isEmpty()) {
            throw new IllegalArgumentException("A backup that is not a dry run completes with its snapshots");
        }
        if (command.fileProblems().size() > FileProblem.LISTED) {
            throw new IllegalArgumentException("A backup names at most " + FileProblem.LISTED + " file problems");
        }
        apply(new BackupCompleted(backupId, tenantId, planId, serverId, level, dryRun ? List.of() : command.snapshotIds(),
                command.stats(), dryRun, command.fileProblems()));
    }

    @CommandHandler
    void handle(FailBackupAttemptCommand command) {
        requireRunningAttempt(command.tenantId(), command.attempt());
        if (command.retryable() && status == BackupStatus.RUNNING && attempt < maxAttempts) {
            apply(new BackupAttemptFailed(backupId, tenantId, attempt, command.code(), command.message(), attempt + 1));
        } else {
            apply(new BackupFailed(backupId, tenantId, planId, command.code(), command.message()));
        }
    }

    @CommandHandler
    void handle(CancelBackupCommand command) {
        requireTenant(command.tenantId());
        switch (status) {
            case REQUESTED -> apply(new BackupCancelled(backupId, tenantId, planId));
            case RUNNING -> apply(new BackupCancellationRequested(backupId, tenantId));
            case CANCELLING -> {
                // already asked; cancelling twice is harmless
            }
            default -> throw new DomainException(ErrorKind.CONFLICT, "BACKUP_FINISHED",
                    "The backup already ended as " + status);
        }
    }

    @CommandHandler
    void handle(ConfirmBackupCancelledCommand command) {
        requireRunningAttempt(command.tenantId(), command.attempt());
        apply(new BackupCancelled(backupId, tenantId, planId));
    }

    @CommandHandler
    void handle(ExpireBackupClaimCommand command) {
        requireTenant(command.tenantId());
        if (command.attempt() != attempt || (status != BackupStatus.RUNNING && status != BackupStatus.CANCELLING)) {
            return; // the attempt already ended or was superseded: nothing to expire
        }
        if (status == BackupStatus.CANCELLING) {
            apply(new BackupCancelled(backupId, tenantId, planId));
        } else if (attempt < maxAttempts) {
            apply(new BackupClaimExpired(backupId, tenantId, attempt, attempt + 1));
        } else {
            apply(new BackupFailed(backupId, tenantId, planId, "WORKER_LOST",
                    "The worker running the backup stopped responding, " + maxAttempts + " attempts in a row"));
        }
    }

    @CommandHandler
    void handle(RecordReplicaSyncedCommand command) {
        requireTenant(command.tenantId());
        requireSucceeded();
        if (!syncedReplicas.contains(command.storageLocationId())) {
            apply(new BackupReplicaSynced(backupId, tenantId, command.storageLocationId(), command.objectsCopied(),
                    command.bytesCopied()));
        }
    }

    @CommandHandler
    void handle(RecordReplicaFailedCommand command) {
        requireTenant(command.tenantId());
        requireSucceeded();
        if (!syncedReplicas.contains(command.storageLocationId())) {
            apply(new BackupReplicaFailed(backupId, tenantId, command.storageLocationId(), command.code(), command.message()));
        }
    }

    private void requireSucceeded() {
        if (status != BackupStatus.SUCCEEDED || dryRun) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_RESTORABLE",
                    "Only a successful backup that stored data has replicas");
        }
    }

    private void requireTenant(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw DomainException.notFound("The backup");
        }
    }

    private void requireRunningAttempt(TenantId caller, int claimed) {
        requireTenant(caller);
        if (claimed != attempt) {
            throw stale(claimed);
        }
        if (status != BackupStatus.RUNNING && status != BackupStatus.CANCELLING) {
            throw new DomainException(ErrorKind.CONFLICT, "BACKUP_NOT_RUNNING", "The backup is " + status);
        }
    }

    private DomainException stale(int claimed) {
        return new DomainException(ErrorKind.CONFLICT, "STALE_ATTEMPT",
                "Attempt " + claimed + " is not the backup's current attempt (" + attempt + ")");
    }

    @EventSourcingHandler
    void on(BackupRequested event) {
        backupId = event.backupId();
        tenantId = event.tenantId();
        planId = event.planId();
        serverId = event.serverId();
        level = event.level();
        dryRun = event.dryRun();
        maxAttempts = event.maxAttempts();
        attempt = 1;
        status = BackupStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(BackupStarted event) {
        status = BackupStatus.RUNNING;
    }

    @EventSourcingHandler
    void on(BackupAttemptFailed event) {
        attempt = event.nextAttempt();
        status = BackupStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(BackupClaimExpired event) {
        attempt = event.nextAttempt();
        status = BackupStatus.REQUESTED;
    }

    @EventSourcingHandler
    void on(BackupCancellationRequested event) {
        status = BackupStatus.CANCELLING;
    }

    @EventSourcingHandler
    void on(BackupCompleted event) {
        status = BackupStatus.SUCCEEDED;
    }

    @EventSourcingHandler
    void on(BackupFailed event) {
        status = BackupStatus.FAILED;
    }

    @EventSourcingHandler
    void on(BackupReplicaSynced event) {
        syncedReplicas.add(event.storageLocationId());
    }

    @EventSourcingHandler
    void on(BackupCancelled event) {
        status = BackupStatus.CANCELLED;
    }
}
