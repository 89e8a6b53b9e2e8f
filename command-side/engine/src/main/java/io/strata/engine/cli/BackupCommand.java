package io.strata.engine.cli;

import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.FileError;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.source.ListingAhead;
import io.strata.engine.source.Source;
import io.strata.engine.source.local.LocalSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", description = {"Back up paths into a new snapshot.",
        "Without --level or --parent the newest snapshot of the same paths and host is the parent (unchanged files are not read)."})
final class BackupCommand implements Callable<Integer> {
    @Mixin
    RepositoryAccess access;
    @Spec
    CommandSpec spec;

    @Option(names = "--level", description = "FULL, DIFFERENTIAL or INCREMENTAL.")
    BackupLevel level;

    @Option(names = "--parent", description = "Parent snapshot (id, prefix or 'latest').")
    String parent;

    @Option(names = "--host", description = "Host name recorded in the snapshot.")
    String host;

    @Option(names = "--tag", description = "Tag to record (repeatable).")
    List<String> tags = new ArrayList<>();

    @Option(names = "--exclude", description = "Absolute path to leave out, with everything below it (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--dry-run", description = "Scan, chunk and look up; write nothing.")
    boolean dryRun;

    @Option(names = "--workers", description = "Reading and chunking threads (default: CPU count).")
    Integer workers;

    @Parameters(arity = "1..*", description = "Paths to back up.")
    List<Path> paths;

    /** Directory entries listed ahead of the archiver at most (a few hundred bytes each). */
    private static final int LISTED_AHEAD = 100_000;

    @Override
    public Integer call() throws IOException {
        List<String> abs = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        String hostname = host != null ? host : io.strata.engine.cli.HostName.get();
        List<String> ex = excludes.stream().map(e -> Path.of(e).toAbsolutePath().normalize().toString()).toList();
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
            access.print(spec.commandLine().getOut(), j, text.toString());
            return r.errors().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }
}
