package io.strata.command.backup;

import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.FileError;
import io.strata.kernel.backup.FileProblem;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The engine's per-path errors and changed files of a run's sources, as the platform names them. */
final class FileProblems {
    private FileProblems() {
    }

    /** The first {@link FileProblem#LISTED} problems of the results, in path order. */
    static List<FileProblem> listed(Collection<BackupResult> results) {
        List<FileProblem> all = new ArrayList<>();
        for (BackupResult r : results) {
            for (FileError e : r.errors()) {
                all.add(new FileProblem(e.path(), code(e.kind()), e.reason()));
            }
            for (String path : r.changedDuringRead()) {
                all.add(new FileProblem(path, FileProblem.Code.CHANGED_DURING_READ, "changed while it was read"));
            }
        }
        return all.stream().sorted(Comparator.comparing(FileProblem::path)).limit(FileProblem.LISTED).toList();
    }

    private static FileProblem.Code code(FileError.Kind kind) {
        return switch (kind) {
            case UNLISTABLE -> FileProblem.Code.UNLISTABLE;
            case VANISHED -> FileProblem.Code.VANISHED;
            case UNREADABLE -> FileProblem.Code.UNREADABLE;
        };
    }
}
