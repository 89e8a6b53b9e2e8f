package io.strata.command.storage;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.storage.RecordReplicaReconciliationCommand;
import io.strata.kernel.storage.RecordStorageLocationProbeCommand;
import io.strata.kernel.storage.RecordStorageUsageCommand;
import io.strata.kernel.storage.ReplicaReconciled;
import io.strata.kernel.storage.StorageLocationAvailable;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageLocationRecovered;
import io.strata.kernel.storage.StorageLocationUnavailable;
import io.strata.kernel.storage.StorageType;
import io.strata.kernel.storage.StorageUsageMeasured;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A location's health records only transitions; usage only changes; reconciliations always; tenants stay apart. */
class StorageLocationTest {

    static final StorageLocationId LOCATION = StorageLocationId.of("l-1");
    static final StorageLocationId PRIMARY = StorageLocationId.of("l-0");
    static final TenantId TENANT = TenantId.of("t-1");
    static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-27T10:01:00Z");
    static final StorageLocationCreated CREATED = new StorageLocationCreated(LOCATION, TENANT, "disk", StorageType.LOCAL,
            Map.of("path", "/srv/l-1"));

    private AggregateTestFixture<StorageLocation> fixture;

    @BeforeEach
    void fixture() {
        fixture = new AggregateTestFixture<>(StorageLocation.class);
    }

    private static RecordStorageLocationProbeCommand ok(Instant at) {
        return new RecordStorageLocationProbeCommand(LOCATION, TENANT, true, null, at);
    }

    private static RecordStorageLocationProbeCommand down(String reason, Instant at) {
        return new RecordStorageLocationProbeCommand(LOCATION, TENANT, false, reason, at);
    }

    @Test
    void firstSuccessfulProbeMakesAnUnknownLocationAvailable() {
        fixture.given(CREATED).when(ok(T1)).expectEvents(new StorageLocationAvailable(LOCATION, TENANT, T1));
    }

    @Test
    void furtherSuccessfulProbesRecordNothing() {
        fixture.given(CREATED, new StorageLocationAvailable(LOCATION, TENANT, T1)).when(ok(T2)).expectNoEvents();
        fixture.given(CREATED, new StorageLocationUnavailable(LOCATION, TENANT, "refused", T1),
                new StorageLocationRecovered(LOCATION, TENANT, T1)).when(ok(T2)).expectNoEvents();
    }

    @Test
    void aFailedProbeMakesTheLocationUnavailableOnce() {
        fixture.given(CREATED, new StorageLocationAvailable(LOCATION, TENANT, T1)).when(down("refused", T2))
                .expectEvents(new StorageLocationUnavailable(LOCATION, TENANT, "refused", T2));
        fixture.given(CREATED).when(down("refused", T1))
                .expectEvents(new StorageLocationUnavailable(LOCATION, TENANT, "refused", T1));
        fixture.given(CREATED, new StorageLocationUnavailable(LOCATION, TENANT, "refused", T1))
                .when(down("another reason", T2)).expectNoEvents();
    }

    @Test
    void aSuccessfulProbeAfterAnOutageRecordsTheRecovery() {
        fixture.given(CREATED, new StorageLocationAvailable(LOCATION, TENANT, T1),
                        new StorageLocationUnavailable(LOCATION, TENANT, "refused", T1))
                .when(ok(T2)).expectEvents(new StorageLocationRecovered(LOCATION, TENANT, T2));
    }

    @Test
    void usageIsRecordedWhenItChanges() {
        fixture.given(CREATED).when(new RecordStorageUsageCommand(LOCATION, TENANT, 100, 3, T1))
                .expectEvents(new StorageUsageMeasured(LOCATION, TENANT, 100, 3, T1));
        fixture.given(CREATED, new StorageUsageMeasured(LOCATION, TENANT, 100, 3, T1))
                .when(new RecordStorageUsageCommand(LOCATION, TENANT, 100, 3, T2)).expectNoEvents();
        fixture.given(CREATED, new StorageUsageMeasured(LOCATION, TENANT, 100, 3, T1))
                .when(new RecordStorageUsageCommand(LOCATION, TENANT, 250, 4, T2))
                .expectEvents(new StorageUsageMeasured(LOCATION, TENANT, 250, 4, T2));
        fixture.given(CREATED).when(new RecordStorageUsageCommand(LOCATION, TENANT, 0, 0, T1))
                .expectEvents(new StorageUsageMeasured(LOCATION, TENANT, 0, 0, T1));
    }

    @Test
    void everyReconciliationIsRecorded() {
        fixture.given(CREATED, new ReplicaReconciled(LOCATION, TENANT, PRIMARY, 0, 0, 0, 0, List.of(), T1))
                .when(new RecordReplicaReconciliationCommand(LOCATION, TENANT, PRIMARY, 2, 2048, 1, 0,
                        List.of(BackupId.of("b-1")), T2))
                .expectEvents(new ReplicaReconciled(LOCATION, TENANT, PRIMARY, 2, 2048, 1, 0, List.of(BackupId.of("b-1")), T2));
    }

    @Test
    void anotherTenantsCommandsAreRefusedAsNotFound() {
        TenantId other = TenantId.of("t-2");
        fixture.given(CREATED).when(new RecordStorageLocationProbeCommand(LOCATION, other, false, "x", T1))
                .expectException(DomainException.class).expectNoEvents();
        fixture.given(CREATED).when(new RecordStorageUsageCommand(LOCATION, other, 1, 1, T1))
                .expectException(DomainException.class).expectNoEvents();
        fixture.given(CREATED).when(new RecordReplicaReconciliationCommand(LOCATION, other, PRIMARY, 0, 0, 0, 0, List.of(), T1))
                .expectException(DomainException.class).expectNoEvents();
    }
}
