package io.strata.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.blob.BlobId;
import io.strata.engine.crypto.Sha256;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots round-trip with all fields, including a parent and statistics. */
class SnapshotCodecTest {
    @Test
    void roundTrips() {
        Snapshot s = new Snapshot(Instant.parse("2026-05-01T10:15:30.123456789Z"), "host-1", "root", List.of("/etc", "/srv"),
                List.of("daily"), BackupLevel.INCREMENTAL, new SnapshotId("ab".repeat(32)), BlobId.wrap(Sha256.hash(new byte[0])),
                new SnapshotStats(1, 2, 3, 4, 5, 6, 7, Duration.ofMillis(8), 9, 10), "strata-engine test");
        assertThat(SnapshotCodec.decode(SnapshotCodec.encode(s))).isEqualTo(s);
    }
}
