package io.strata.command.verification;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.verification.FailVerificationCommand;
import io.strata.kernel.verification.IntegrityCheckFailed;
import io.strata.kernel.verification.IntegrityVerified;
import io.strata.kernel.verification.RecordIntegrityCommand;
import io.strata.kernel.verification.RequestVerificationCommand;
import io.strata.kernel.verification.StartVerificationCommand;
import io.strata.kernel.verification.VerificationFailed;
import io.strata.kernel.verification.VerificationRequested;
import io.strata.kernel.verification.VerificationStarted;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A verification of a backup. Its outcome is {@code IntegrityVerified} when no problem touches the backup,
 * {@code IntegrityCheckFailed} with every problem otherwise; a verification that could not run to its end
 * (or whose worker died too often) says nothing about the data and ends {@code VerificationFailed}.
 */
@Aggregate
class Verification {

    static final int MAX_ATTEMPTS = 3;

    @AggregateIdentifier
    private VerificationId verificationId;
    private TenantId tenantId;
    private BackupId backupId;
    private boolean readData;
    private int attempts;
    private boolean finished;

    protected Verification() {
        // for Axon
    }

    @CommandHandler
    Verification(RequestVerificationCommand command) {
        apply(new VerificationRequested(command.verificationId(), command.tenantId(), command.backupId(), command.readData(),
                command.storageLocationId(), command.snapshotIds()));
    }

    /** Answers whether the worker may go on (false when attempts are exhausted and the verification failed). */
    @CommandHandler
    boolean handle(StartVerificationCommand command) {
        requireOpen(command.tenantId());
        if (attempts >= MAX_ATTEMPTS) {
            apply(new VerificationFailed(verificationId, tenantId, backupId, "WORKER_LOST",
                    "The worker verifying stopped responding, " + MAX_ATTEMPTS + " attempts in a row"));
            return false;
        }
        apply(new VerificationStarted(verificationId, tenantId, attempts + 1, command.worker()));
        return true;
    }

    @CommandHandler
    void handle(RecordIntegrityCommand command) {
        requireOpen(command.tenantId());
        if (command.problems().isEmpty()) {
            apply(new IntegrityVerified(verificationId, tenantId, backupId, readData, command.chunksChecked()));
        } else {
            apply(new IntegrityCheckFailed(verificationId, tenantId, backupId, readData, command.chunksChecked(),
                    command.problems()));
        }
    }

    @CommandHandler
    void handle(FailVerificationCommand command) {
        requireOpen(command.tenantId());
        apply(new VerificationFailed(verificationId, tenantId, backupId, command.code(), command.message()));
    }

    private void requireOpen(TenantId caller) {
        if (!tenantId.equals(caller)) {
            throw DomainException.notFound("The verification");
        }
        if (finished) {
            throw new DomainException(ErrorKind.CONFLICT, "VERIFICATION_FINISHED", "The verification already ended");
        }
    }

    @EventSourcingHandler
    void on(VerificationRequested event) {
        verificationId = event.verificationId();
        tenantId = event.tenantId();
        backupId = event.backupId();
        readData = event.readData();
    }

    @EventSourcingHandler
    void on(VerificationStarted event) {
        attempts = event.attempt();
    }

    @EventSourcingHandler
    void on(IntegrityVerified event) {
        finished = true;
    }

    @EventSourcingHandler
    void on(IntegrityCheckFailed event) {
        finished = true;
    }

    @EventSourcingHandler
    void on(VerificationFailed event) {
        finished = true;
    }
}
