package io.strata.kernel.tenant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.server.ServerKind;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import io.strata.kernel.backup.BackupAttemptFailed;
import io.strata.kernel.backup.BackupCancellationRequested;
import io.strata.kernel.backup.BackupCancelled;
import io.strata.kernel.backup.BackupClaimExpired;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupFailed;
import io.strata.kernel.backup.BackupLevelEscalated;
import io.strata.kernel.backup.BackupProgressed;
import io.strata.kernel.backup.BackupReplicaFailed;
import io.strata.kernel.backup.BackupReplicaSynced;
import io.strata.kernel.backup.BackupRequested;
import io.strata.kernel.backup.BackupStarted;
import io.strata.kernel.backup.BackupStats;
import io.strata.kernel.backup.FileProblem;
import io.strata.kernel.identity.BackupId;
import io.strata.kernel.identity.RestoreId;
import io.strata.kernel.identity.VerificationId;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import io.strata.kernel.restore.RestoreRequested;
import io.strata.kernel.restore.RestoreStarted;
import io.strata.kernel.restore.RestoreStats;
import io.strata.kernel.server.ServerHostKeyPinned;
import io.strata.kernel.verification.IntegrityCheckFailed;
import io.strata.kernel.verification.IntegrityProblem;
import io.strata.kernel.verification.IntegrityVerified;
import io.strata.kernel.verification.VerificationFailed;
import io.strata.kernel.verification.VerificationRequested;
import io.strata.kernel.verification.VerificationStarted;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanCreated;
import io.strata.kernel.plan.PlanSchedule;
import io.strata.kernel.plan.PlanSource;
import io.strata.kernel.plan.RetentionPolicy;
import io.strata.kernel.plan.SourceType;
import io.strata.kernel.storage.ReplicaReconciled;
import io.strata.kernel.storage.StorageLocationAvailable;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageLocationRecovered;
import io.strata.kernel.storage.StorageLocationUnavailable;
import io.strata.kernel.storage.StorageUsageMeasured;
import io.strata.kernel.restore.RestoreSourceSelected;
import io.strata.kernel.storage.StorageType;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events must stay readable forever: each event class reads its frozen JSON (as first stored) back
 * to the same value, and writes the same JSON. Changing an event's shape fails here; evolve it with
 * {@code @Revision} and an upcaster instead (the platform kernel's {@code upcasting} package, tested against the
 * old revision's frozen JSON), and add the new revision's frozen JSON beside the old one.
 */
class FrozenEventJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final Instant AT = Instant.parse("2026-11-27T13:10:00.123Z");

    private static final ServerId SERVER = ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c");
    private static final BackupId BACKUP = BackupId.of("b-1");
    private static final String SNAPSHOT = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final BackupStats STATS = new BackupStats(10, 4, 6, 1000, 400, 300, 200, 1234, 2, 1);

    static Stream<Object> events() {
        TenantId tenant = TenantId.of("0b9c3c5e-1f3a-4c1e-9a57-2b1f7f0f4e21");
        return Stream.of(
                new TenantCreated(tenant, "Acme Corp", "acme-corp"),
                new DomainAdded(tenant, "acme-corp.strata.localhost", DomainStatus.ACTIVE, true, null, null),
                new MemberJoined(tenant, UserId.of("5d1f0a52-9d3e-4d8e-8c1b-0c7a9a3b2f10"), Role.OWNER),
                new TenantSshKeyGenerated(tenant, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIH strata@acme-corp.strata.localhost",
                        "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"),
                new ServerRegistered(ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c"), tenant, "web-1", ServerKind.SSH,
                        "web-1.example.org", 22, "backup", null),
                new ServerRemoved(ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c"), tenant),
                new PlanCreated(PlanId.of("p-1"), tenant, "nightly", ServerId.of("8f6e2d4c-3b1a-4f5e-9d8c-7b6a5f4e3d2c"),
                        List.of(new PlanSource(SourceType.PATHS, List.of("/etc"), List.of("**/*.tmp"), null, null),
                                new PlanSource(SourceType.COMMAND, null, null, "pg_dump -Fc app", "app.dump")),
                        StorageLocationId.of("loc-1"), List.of(StorageLocationId.of("loc-2")),
                        List.of(new PlanSchedule(BackupLevel.FULL, "0 1 * * MON", "Europe/Paris")),
                        new RetentionPolicy(null, 7, 4, null, null, null, true)),
                new StorageLocationCreated(StorageLocationId.of("loc-1"), tenant, "disk", StorageType.LOCAL,
                        Map.of("path", "/srv/strata/loc-1")),
                new ServerHostKeyPinned(SERVER, tenant, "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU", null),
                new BackupRequested(BACKUP, tenant, PlanId.of("p-1"), SERVER, StorageLocationId.of("loc-1"),
                        BackupLevel.DIFFERENTIAL, BackupLevel.DIFFERENTIAL, BackupId.of("b-0"), List.of(SNAPSHOT), false, 3),
                new BackupLevelEscalated(BACKUP, tenant, BackupLevel.INCREMENTAL, BackupLevel.FULL, "NO_SUCCESSFUL_BACKUP"),
                new BackupStarted(BACKUP, tenant, 1, "4242@node-a"),
                new BackupProgressed(BACKUP, tenant, 1, STATS),
                new BackupCompleted(BACKUP, tenant, PlanId.of("p-1"), SERVER, BackupLevel.DIFFERENTIAL, List.of(SNAPSHOT), STATS, false,
                        List.of(new FileProblem("/etc/shadow", FileProblem.Code.UNREADABLE, "cannot read: Permission denied"),
                                new FileProblem("/srv/gone", FileProblem.Code.VANISHED, "vanished before it could be read"),
                                new FileProblem("/var/log/syslog", FileProblem.Code.CHANGED_DURING_READ,
                                        "changed while it was read"))),
                new BackupAttemptFailed(BACKUP, tenant, 1, "SERVER_UNREACHABLE", "Connection refused", 2),
                new BackupClaimExpired(BACKUP, tenant, 2, 3),
                new BackupFailed(BACKUP, tenant, PlanId.of("p-1"), "WORKER_LOST", "The worker stopped responding"),
                new BackupCancellationRequested(BACKUP, tenant),
                new BackupCancelled(BACKUP, tenant, PlanId.of("p-1")),
                new BackupReplicaSynced(BACKUP, tenant, StorageLocationId.of("loc-2"), 12, 34567),
                new BackupReplicaFailed(BACKUP, tenant, StorageLocationId.of("loc-2"), "REPLICATION_TIMED_OUT", "late"),
                new RestoreRequested(RestoreId.of("r-1"), tenant, BACKUP, SERVER, "/srv/restore", List.of("/etc"), true,
                        StorageLocationId.of("loc-1"), List.of(SNAPSHOT)),
                new RestoreStarted(RestoreId.of("r-1"), tenant, 1, "4242@node-a"),
                new RestoreCompleted(RestoreId.of("r-1"), tenant, BACKUP, new RestoreStats(3, 4096, 3, 120, 1, 2)),
                new RestoreFailed(RestoreId.of("r-1"), tenant, BACKUP, "RESTORE_INCOMPLETE", "1 files could not be restored",
                        new RestoreStats(2, 2048, 2, 90, 0, 0), List.of("/etc/hosts: blob damaged")),
                new VerificationRequested(VerificationId.of("v-1"), tenant, BACKUP, true, StorageLocationId.of("loc-1"), List.of(SNAPSHOT)),
                new VerificationStarted(VerificationId.of("v-1"), tenant, 1, "4242@node-a"),
                new IntegrityVerified(VerificationId.of("v-1"), tenant, BACKUP, true, 1234),
                new IntegrityCheckFailed(VerificationId.of("v-1"), tenant, BACKUP, true, 1234,
                        List.of(new IntegrityProblem("data/ab/abcd", "hash mismatch", List.of("/etc/hosts")))),
                new VerificationFailed(VerificationId.of("v-1"), tenant, BACKUP, "STORAGE_UNAVAILABLE", "unreachable"),
                new StorageLocationAvailable(StorageLocationId.of("loc-1"), tenant, AT),
                new StorageLocationUnavailable(StorageLocationId.of("loc-1"), tenant,
                        "Failed writing a probe object: Connection refused", AT),
                new StorageLocationRecovered(StorageLocationId.of("loc-1"), tenant, AT),
                new StorageUsageMeasured(StorageLocationId.of("loc-1"), tenant, 123456789L, 42, AT),
                new ReplicaReconciled(StorageLocationId.of("loc-2"), tenant, StorageLocationId.of("loc-1"), 3, 4096, 1, 0,
                        List.of(BACKUP), AT),
                new RestoreSourceSelected(RestoreId.of("r-1"), tenant, StorageLocationId.of("loc-2"),
                        StorageLocationId.of("loc-1"), "The location asked for could not be opened: Connection refused"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void frozenJsonReadsBackAndIsWrittenTheSame(Object event) throws Exception {
        String resource = frozenJson(event.getClass());
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as("frozen JSON " + resource).isNotNull();
            String frozen = new String(in.readAllBytes()).strip();
            assertThat(JSON.readValue(frozen, event.getClass())).isEqualTo(event);
            assertThat(JSON.readTree(JSON.writeValueAsString(event))).isEqualTo(JSON.readTree(frozen));
        }
    }

    /**
     * Where an event class's frozen JSON is: {@code /events/Name.json} for its first shape (no revision),
     * {@code /events/Name-rN.json} for revision N. Older revisions' files stay for their upcasters' tests.
     */
    static String frozenJson(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return "/events/" + eventClass.getSimpleName() + (revision == null ? "" : "-r" + revision.value()) + ".json";
    }
}
