package io.strata.command.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.FileError;
import io.strata.kernel.backup.FileProblem;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FileProblemsTest {

    private static BackupResult result(List<String> changed, List<FileError> errors) {
        return new BackupResult(null, 10, 10, 0, 100, 100, 100, 50, Duration.ZERO, changed, errors, true);
    }

    @Test
    void everyKindOfEverySourceIsNamedInPathOrder() {
        var first = result(List.of("/var/log/syslog"), List.of(
                new FileError("/srv/gone", FileError.Kind.VANISHED, "vanished before it could be read"),
                new FileError("/root/locked", FileError.Kind.UNLISTABLE, "cannot list: Permission denied")));
        var second = result(List.of(), List.of(
                new FileError("/etc/shadow", FileError.Kind.UNREADABLE, "cannot read: Permission denied")));

        assertThat(FileProblems.listed(List.of(first, second))).containsExactly(
                new FileProblem("/etc/shadow", FileProblem.Code.UNREADABLE, "cannot read: Permission denied"),
                new FileProblem("/root/locked", FileProblem.Code.UNLISTABLE, "cannot list: Permission denied"),
                new FileProblem("/srv/gone", FileProblem.Code.VANISHED, "vanished before it could be read"),
                new FileProblem("/var/log/syslog", FileProblem.Code.CHANGED_DURING_READ, "changed while it was read"));
    }

    @Test
    void onlyTheFirstListedAreKept() {
        List<String> changed = IntStream.range(0, FileProblem.LISTED + 50).mapToObj(i -> String.format("/f%04d", i)).toList();
        List<FileProblem> listed = FileProblems.listed(List.of(result(changed.reversed(), List.of())));
        assertThat(listed).hasSize(FileProblem.LISTED);
        assertThat(listed.getFirst().path()).isEqualTo("/f0000");
        assertThat(listed.getLast().path()).isEqualTo(String.format("/f%04d", FileProblem.LISTED - 1));
    }
}
