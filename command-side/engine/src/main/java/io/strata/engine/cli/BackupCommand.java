package io.strata.engine.cli;

import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.FileError;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.source.ListingAhead;
import io.strata.engine.source.Source;
import io.strata.engine.source.local.LocalSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code backup}: backs paths up into a new snapshot. */
final class BackupCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("backup", List.of("Back up paths into a new snapshot.",
            "Without --level or --parent the newest snapshot of the same paths and host is the parent (unchanged files"
                    + " are not read)."),
            RepositoryAccess.with(
                    OptionSpec.value("--level", "level", "FULL, DIFFERENTIAL or INCREMENTAL."),
                    OptionSpec.value("--parent", "parent", "Parent snapshot (id, prefix or 'latest')."),
                    OptionSpec.value("--host", "host", "Host name recorded in the snapshot."),
                    OptionSpec.repeated("--tag", "tags", "Tag to record (repeatable)."),
                    OptionSpec.repeated("--exclude", "excludes",
                            "Absolute path to leave out, with everything below it (repeatable)."),
                    OptionSpec.flag("--dry-run", "Scan, chunk and look up; write nothing."),
                    OptionSpec.value("--workers", "workers", "Reading and chunking threads (default: CPU count).")),
            List.of(ParameterSpec.oneOrMore("paths", "Paths to back up.")), BackupCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;
    private final BackupLevel level;
    private final String parent;
    private final String host;
    private final List<String> tags;
    private final List<String> excludes;
    private final boolean dryRun;
    private final Integer workers;
    private final List<Path> paths;

    private BackupCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
        this.level = args.choice("--level", BackupLevel.class);
        this.parent = args.value("--parent");
        this.host = args.value("--host");
        this.tags = args.values("--tag");
        this.excludes = args.values("--exclude");
        this.dryRun = args.flag("--dry-run");
        this.workers = args.integer("--workers");
        this.paths = args.paths("paths");
    }

    /** Directory entries listed ahead of the archiver at most (a few hundred bytes each). */
    private static final int LISTED_AHEAD = 100_000;

    @Override
    public Integer call() throws IOException {
        List<String> abs = paths.stream().map(p -> FileNames.text(p.toAbsolutePath().normalize())).toList();
        String hostname = host != null ? host : io.strata.engine.cli.HostName.get();
        List<String> ex = new ArrayList<>();
        for (String e : excludes) {
            ex.add(FileNames.text(FileNames.path(e).toAbsolutePath().normalize()));
        }
        Predicate<String> excluded = p -> ex.stream().anyMatch(e -> p.equals(e) || p.startsWith(e + "/"));
        // the tree is listed while the repository's key is derived
        try (Source source = ListingAhead.start(new LocalSource(), abs, excluded, LISTED_AHEAD);
                Repository repo = access.open()) {
            BackupLevel effective;
            SnapshotId parentId = null;
            if (level == BackupLevel.FULL) {
                if (parent != null) {
                    throw new CliException(ExitCodes.USAGE, "--level FULL takes no --parent");
                }
                effective = BackupLevel.FULL;
            } else {
                if (parent != null) {
                    parentId = repo.resolveSnapshot(parent);
                } else {
                    parentId = Archiver.latestSnapshotOf(repo, abs, hostname);
                    if (parentId == null && level != null) {
                        throw new CliException(ExitCodes.USAGE, level + " needs a parent: none of these paths exists yet; use --parent or --level FULL");
                    }
                }
                effective = parentId == null ? BackupLevel.FULL : (level != null ? level : BackupLevel.INCREMENTAL);
            }
            BackupRequest req = BackupRequest.full(abs, hostname)
                    .withParent(effective, parentId)
                    .withTags(tags)
                    .withDryRun(dryRun)
                    .withExclude(excluded)
                    .withProgress(ProgressPrinter.forTerminal(access.json));
            if (workers != null) {
                req = req.withWorkers(workers);
            }
            BackupResult r = new Archiver(repo, source).backup(req);
            if (System.console() != null && !access.json) {
                System.err.println();
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("snapshotId", r.snapshotId() == null ? null : r.snapshotId().hex());
            j.put("level", effective.name());
            j.put("parent", parentId == null ? null : parentId.hex());
            j.put("dryRun", r.dryRun());
            j.put("filesScanned", r.filesScanned());
            j.put("filesRead", r.filesRead());
            j.put("filesUnchanged", r.filesUnchanged());
            j.put("bytesScanned", r.bytesScanned());
            j.put("bytesRead", r.bytesRead());
            j.put("bytesNew", r.bytesNew());
            j.put("bytesStored", r.bytesStored());
            j.put("durationMillis", r.duration().toMillis());
            j.put("changedDuringRead", r.changedDuringRead());
            List<Map<String, String>> errs = new ArrayList<>();
            for (FileError e : r.errors()) {
                Map<String, String> err = new LinkedHashMap<>();
                err.put("path", e.path());
                err.put("kind", e.kind().name());
                err.put("reason", e.reason());
                errs.add(err);
            }
            j.put("errors", errs);
            StringBuilder text = new StringBuilder();
            text.append(r.dryRun() ? "dry run: no snapshot written\n" : "snapshot " + r.snapshotId().shortId() + " saved ("
                    + effective + (parentId == null ? "" : ", parent " + parentId.shortId()) + ")\n");
            text.append(String.format("files: %d scanned, %d read, %d unchanged%n", r.filesScanned(), r.filesRead(),
                    r.filesUnchanged()));
            text.append(String.format("bytes: %s scanned, %s read, %s new, %s stored%n", Formats.bytes(r.bytesScanned()),
                    Formats.bytes(r.bytesRead()), Formats.bytes(r.bytesNew()), Formats.bytes(r.bytesStored())));
            text.append("duration: ").append(Formats.duration(r.duration()));
            for (String c : r.changedDuringRead()) {
                text.append("\nwarning: changed while being read: ").append(c);
            }
            for (FileError e : r.errors()) {
                text.append("\nerror: ").append(e.path()).append(": ").append(e.reason());
            }
            access.print(out, j, text.toString());
            return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }
}
