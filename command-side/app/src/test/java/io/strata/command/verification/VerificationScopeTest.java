package io.strata.command.verification;

import io.strata.engine.checker.AffectedFile;
import io.strata.engine.checker.CheckResult;
import io.strata.engine.checker.DamagedObject;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.kernel.verification.IntegrityProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of a repository's problems concern one backup. */
class VerificationScopeTest {

    private static final SnapshotId OURS = new SnapshotId("a".repeat(64));
    private static final SnapshotId OTHERS = new SnapshotId("b".repeat(64));

    @Test
    void damageToAnotherBackupsFilesIsNotThisBackupsProblem() {
        CheckResult result = new CheckResult(List.of(new DamagedObject("data/cc/cc", "blob-2", "hash mismatch")),
                List.of(OTHERS), List.of(new AffectedFile(OTHERS, "/other/file", "blob-2")), List.of(), 2, 1, 10, true);
        assertThat(VerificationRunner.problemsFor(result, List.of(OURS.toString()))).isEmpty();
    }

    @Test
    void damageToOurFilesNamesThem() {
        CheckResult result = new CheckResult(List.of(new DamagedObject("data/cc/cc", "blob-1", "hash mismatch")),
                List.of(OURS), List.of(new AffectedFile(OURS, "/etc/hosts", "blob-1"), new AffectedFile(OURS, "/etc/hostname", "blob-1")),
                List.of(), 1, 1, 10, true);
        assertThat(VerificationRunner.problemsFor(result, List.of(OURS.toString())))
                .containsExactly(new IntegrityProblem("data/cc/cc", "hash mismatch", List.of("/etc/hosts", "/etc/hostname")));
    }

    @Test
    void damageOfUnknownReachIsReportedRatherThanAssumedHarmless() {
        CheckResult result = new CheckResult(List.of(new DamagedObject("index/ee", null, "cannot decrypt")),
                List.of(), List.of(), List.of(), 1, 1, 10, false);
        assertThat(VerificationRunner.problemsFor(result, List.of(OURS.toString())))
                .containsExactly(new IntegrityProblem("index/ee", "cannot decrypt", List.of()));
    }
}
