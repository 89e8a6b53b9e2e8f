package io.strata.command.backup;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.ExpireBackupClaimCommand;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.MetadataKeys;
import io.strata.kernel.identity.TenantId;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

/**
 * Turns a requested backup into claimed work and watches it. Each attempt is queued for any node's worker;
 * a running attempt must send heartbeats (progress), and one silent for the stall timeout loses its claim
 * (the aggregate then decides whether another attempt follows). Failed attempts are retried after a
 * doubling backoff. The saga ends with the run.
 *
 * <p>Public with a public constructor because Axon instantiates sagas reflectively; its state is stored as
 * JSON from its fields (the injected collaborators are transient and not stored).
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class BackupRunSaga {

    static final String STALLED = "backup-stalled";

    @Autowired
    private transient BackupWorkQueue work;
    @Autowired
    private transient BackupRunProperties settings;
    @Autowired
    private transient DeadlineManager deadlines;
    @Autowired
    private transient CommandGateway commands;

    private BackupId backupId;
    private TenantId tenantId;
    private String requestedBy;
    private int attempt;
    private String stallDeadline;

    public BackupRunSaga() {
        // for Axon
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupRequested event, @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        backupId = event.backupId();
        tenantId = event.tenantId();
        requestedBy = userId;
        attempt = 1;
        work.enqueue(task(), Duration.ZERO);
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupStarted event) {
        attempt = event.attempt();
        watchHeartbeats();
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupProgressed event) {
        if (event.attempt() == attempt) {
            watchHeartbeats();
        }
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupClaimExpired event) {
        stopWatching();
        attempt = event.nextAttempt();
        work.enqueue(task(), Duration.ZERO);
    }

    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupAttemptFailed event) {
        stopWatching();
        attempt = event.nextAttempt();
        work.enqueue(task(), settings.backoffBefore(attempt));
    }

    @DeadlineHandler(deadlineName = STALLED)
    void stalled(StalledAttempt stalled) {
        stallDeadline = null;
        commands.send(new ExpireBackupClaimCommand(backupId, tenantId, stalled.attempt()));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupCompleted event) {
        stopWatching();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupFailed event) {
        stopWatching();
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "backupId")
    void on(BackupCancelled event) {
        stopWatching();
        work.withdraw(task());
    }

    private void watchHeartbeats() {
        stopWatching();
        stallDeadline = deadlines.schedule(settings.stallTimeout(), STALLED, new StalledAttempt(attempt));
    }

    private void stopWatching() {
        if (stallDeadline != null) {
            deadlines.cancelSchedule(STALLED, stallDeadline);
            stallDeadline = null;
        }
    }

    private BackupTask task() {
        return new BackupTask(backupId.value(), tenantId.value(), attempt, requestedBy);
    }

    /** The deadline's payload: the attempt that went silent. */
    record StalledAttempt(int attempt) {
    }
}
