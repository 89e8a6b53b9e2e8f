package io.strata.kernel.tenant;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.strata.kernel.identity.ServerId;
import io.strata.kernel.identity.TenantId;
import io.strata.kernel.identity.UserId;
import io.strata.kernel.server.ServerKind;
import io.strata.kernel.server.ServerRegistered;
import io.strata.kernel.server.ServerRemoved;
import io.strata.kernel.identity.PlanId;
import io.strata.kernel.identity.StorageLocationId;
import io.strata.kernel.plan.BackupLevel;
import io.strata.kernel.plan.PlanCreated;
import io.strata.kernel.plan.PlanSchedule;
import io.strata.kernel.plan.PlanSource;
import io.strata.kernel.plan.RetentionPolicy;
import io.strata.kernel.plan.SourceType;
import io.strata.kernel.storage.StorageLocationCreated;
import io.strata.kernel.storage.StorageType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored events must stay readable forever: each event class reads its frozen JSON (as first stored) back
 * to the same value, and writes the same JSON. Changing an event's shape fails here; evolve it with
 * {@code @Revision} and an upcaster instead, and add the new revision's frozen JSON beside the old one.
 */
class FrozenEventJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

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
                        Map.of("path", "/srv/strata/loc-1")));
    }

    @ParameterizedTest
    @MethodSource("events")
    void frozenJsonReadsBackAndIsWrittenTheSame(Object event) throws Exception {
        String resource = "/events/" + event.getClass().getSimpleName() + ".json";
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as("frozen JSON " + resource).isNotNull();
            String frozen = new String(in.readAllBytes()).strip();
            assertThat(JSON.readValue(frozen, event.getClass())).isEqualTo(event);
            assertThat(JSON.readTree(JSON.writeValueAsString(event))).isEqualTo(JSON.readTree(frozen));
        }
    }
}
