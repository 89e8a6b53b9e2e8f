package io.strata.engine.cli;

import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.restorer.FailedFile;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.snapshot.SnapshotId;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code restore}: restores a snapshot, or paths of it, into a local directory, verifying every file. */
final class RestoreCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("restore",
            List.of("Restore a snapshot (or --include paths of it) under --target, verifying every file."),
            RepositoryAccess.with(
                    OptionSpec.value("--target", "target", "Directory to restore into.").required(),
                    OptionSpec.repeated("--include", "includes", "Snapshot path to restore (repeatable)."),
                    OptionSpec.value("--workers", "workers", "Restoring threads (default "
                            + RestoreRequest.DEFAULT_WORKERS + ").")),
            List.of(ParameterSpec.one("snapshot", "Snapshot id, prefix or 'latest'.")), RestoreCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;
    private final String snapshot;
    private final Path target;
    private final List<String> includes;
    private final int workers;

    private RestoreCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
        this.snapshot = args.parameter("snapshot");
        this.target = args.path("--target");
        this.includes = args.values("--include");
        this.workers = args.integer("--workers", RestoreRequest.DEFAULT_WORKERS);
    }

    @Override
    public Integer call() throws Exception {
        try (Repository repo = access.open()) {
            SnapshotId id = repo.resolveSnapshot(snapshot);
            Restorer restorer = new Restorer(repo);
            List<String> missing = restorer.missingIncludes(id, includes);
            if (!missing.isEmpty()) {
                throw new CliException(ExitCodes.USAGE, "snapshot " + id.shortId() + " has nothing at "
                        + String.join(", ", missing) + " (nothing restored)");
            }
            Optional<Path> inTheWay = LocalOutput.notADirectoryOnTheWay(target);
            if (inTheWay.isPresent()) {
                throw new CliException(ExitCodes.USAGE, inTheWay.get().equals(target)
                        ? "--target " + target + " exists and is not a directory"
                        : "--target " + target + " cannot be created: " + inTheWay.get() + " is not a directory");
            }
            Files.createDirectories(target);
            RestoreRequest req = RestoreRequest.all(id).withIncludes(includes)
                    .withWorkers(workers).withProgress(ProgressPrinter.forTerminal(access.json));
            LocalOutput output = new LocalOutput(target);
            RestoreResult r = restorer.restore(req, output);
            if (System.console() != null && !access.json) {
                System.err.println();
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("snapshotId", req.snapshot().hex());
            j.put("filesRestored", r.filesRestored());
            j.put("bytesRestored", r.bytesRestored());
            j.put("filesVerified", r.filesVerified());
            j.put("directories", r.directories());
            j.put("durationMillis", r.duration().toMillis());
            j.put("ownersNotApplied", output.ownersNotApplied());
            j.put("xattrsNotApplied", output.xattrsNotApplied());
            List<Map<String, String>> failed = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.format("restored %d files (%s), %d verified, %d directories in %s",
                    r.filesRestored(), Formats.bytes(r.bytesRestored()), r.filesVerified(), r.directories(),
                    Formats.duration(r.duration())));
            if (output.ownersNotApplied() > 0) {
                text.append(String.format("%n%d entries kept the restoring user as owner (only root restores owners)",
                        output.ownersNotApplied()));
            }
            if (output.xattrsNotApplied() > 0) {
                text.append(String.format("%n%d entries lack some of their extended attributes (trusted.* and"
                        + " security.capability need root; the target's file system may keep none)",
                        output.xattrsNotApplied()));
            }
            for (FailedFile f : r.failed()) {
                failed.add(Map.of("path", f.path(), "reason", f.reason()));
                text.append("\nfailed: ").append(f.path()).append(": ").append(f.reason());
            }
            j.put("failed", failed);
            RestoreResult.Refusal refused = r.targetRefused();
            boolean full = refused != null && refused.reason() == WriteRefusal.FULL;
            boolean readOnly = refused != null && refused.reason() == WriteRefusal.READ_ONLY;
            j.put("targetFull", full ? refused.message() : null);
            j.put("targetReadOnly", readOnly ? refused.message() : null);
            if (full) {
                text.append("\nstopped: the target has no room left (").append(refused.message()).append("); the files"
                        + " restored are kept, the others were not begun: make room and restore again");
            } else if (readOnly) {
                text.append("\nstopped: the target's file system is read-only (").append(refused.message())
                        .append("); nothing more was begun: restore to a writable directory, or remount it read-write");
            }
            access.print(out, j, text.toString());
            return refused != null ? ExitCodes.FAILED : r.success() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }
}
