package io.strata.command.verification;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.verification.FailVerificationCommand;
import io.strata.kernel.verification.IntegrityCheckFailed;
import io.strata.kernel.verification.IntegrityProblem;
import io.strata.kernel.verification.IntegrityVerified;
import io.strata.kernel.verification.RecordIntegrityCommand;
import io.strata.kernel.verification.StartVerificationCommand;
import io.strata.kernel.verification.VerificationFailed;
import io.strata.kernel.verification.VerificationRequested;
import io.strata.kernel.verification.VerificationStarted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** A verification ends verified, damaged (with every problem) or failed to run, exactly once. */
class VerificationTest {

    static final VerificationId ID = VerificationId.of("v-1");
    static final TenantId TENANT = TenantId.of("t-1");
    static final BackupId BACKUP = BackupId.of("b-1");
    static final VerificationRequested REQUESTED = new VerificationRequested(ID, TENANT, BACKUP, true,
            StorageLocationId.of("l-1"), List.of("snap"));
    static final IntegrityProblem PROBLEM = new IntegrityProblem("data/ab/abcd", "hash mismatch", List.of("/etc/hosts"));

    private AggregateTestFixture<Verification> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(Verification.class);
    }

    @Test
    void noProblemMeansVerifiedAndAnyProblemMeansDamaged() {
        fixture.given(REQUESTED, new VerificationStarted(ID, TENANT, 1, "n"))
                .when(new RecordIntegrityCommand(ID, TENANT, 42, List.of()))
                .expectEvents(new IntegrityVerified(ID, TENANT, BACKUP, true, 42));
        fixture.given(REQUESTED, new VerificationStarted(ID, TENANT, 1, "n"))
                .when(new RecordIntegrityCommand(ID, TENANT, 42, List.of(PROBLEM)))
                .expectEvents(new IntegrityCheckFailed(ID, TENANT, BACKUP, true, 42, List.of(PROBLEM)));
    }

    @Test
    void aVerificationThatCannotRunSaysNothingAboutTheData() {
        fixture.given(REQUESTED, new VerificationStarted(ID, TENANT, 1, "n"))
                .when(new FailVerificationCommand(ID, TENANT, "STORAGE_UNAVAILABLE", "gone"))
                .expectEvents(new VerificationFailed(ID, TENANT, BACKUP, "STORAGE_UNAVAILABLE", "gone"));
        fixture.given(REQUESTED, new VerificationStarted(ID, TENANT, 1, "n"), new VerificationStarted(ID, TENANT, 2, "n"),
                        new VerificationStarted(ID, TENANT, 3, "n"))
                .when(new StartVerificationCommand(ID, TENANT, "m"))
                .expectEvents(new VerificationFailed(ID, TENANT, BACKUP, "WORKER_LOST",
                        "The worker verifying stopped responding, 3 attempts in a row"));
        fixture.given(REQUESTED, new IntegrityVerified(ID, TENANT, BACKUP, true, 1))
                .when(new RecordIntegrityCommand(ID, TENANT, 1, List.of()))
                .expectException(DomainException.class).expectNoEvents();
    }
}
