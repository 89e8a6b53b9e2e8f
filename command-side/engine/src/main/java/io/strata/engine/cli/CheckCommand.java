package io.strata.engine.cli;

import io.strata.engine.checker.AffectedFile;
import io.strata.engine.checker.CheckResult;
import io.strata.engine.checker.Checker;
import io.strata.engine.checker.DamagedObject;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.SnapshotId;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code check}: checks the repository's structure, and with --read-data every byte of it. */
final class CheckCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("check",
            List.of("Check the repository's structure; with --read-data also every byte of every pack."),
            RepositoryAccess.with(
                    OptionSpec.flag("--read-data", "Read and verify all data."),
                    OptionSpec.value("--workers", "workers", "Verifying threads (default: CPU count).")),
            List.of(), CheckCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;
    private final boolean readData;
    private final int workers;

    private CheckCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
        this.readData = args.flag("--read-data");
        this.workers = args.integer("--workers", Runtime.getRuntime().availableProcessors());
    }

    @Override
    public Integer call() {
        try (Repository repo = access.open()) {
            CheckResult r = new Checker(repo).check(readData, ProgressPrinter.forTerminal(access.json), Cancellation.none(),
                    workers);
            if (System.console() != null && !access.json && readData) {
                System.err.println();
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("ok", r.ok());
            j.put("readData", r.readData());
            j.put("snapshotsChecked", r.snapshotsChecked());
            j.put("packsChecked", r.packsChecked());
            j.put("blobsChecked", r.blobsChecked());
            List<Map<String, Object>> dmg = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (DamagedObject d : r.damaged()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("object", d.object());
                m.put("blob", d.blob());
                m.put("reason", d.reason());
                dmg.add(m);
                text.append("damaged: ").append(d.object()).append(d.blob() == null ? "" : " blob " + d.blob())
                        .append(": ").append(d.reason()).append('\n');
            }
            j.put("damaged", dmg);
            j.put("affectedSnapshots", r.affectedSnapshots().stream().map(SnapshotId::hex).toList());
            List<Map<String, Object>> files = new ArrayList<>();
            for (AffectedFile f : r.affectedFiles()) {
                files.add(Map.of("snapshot", f.snapshot().hex(), "path", f.path(), "blob", f.blob()));
                text.append("affected: snapshot ").append(f.snapshot().shortId()).append(' ').append(f.path()).append('\n');
            }
            j.put("affectedFiles", files);
            j.put("warnings", r.warnings());
            for (String w : r.warnings()) {
                text.append("warning: ").append(w).append('\n');
            }
            text.append(r.ok() ? "no errors were found" : r.damaged().size() + " damaged objects, "
                    + r.affectedSnapshots().size() + " snapshots affected");
            if (readData) {
                text.append(String.format(" (%d packs, %d blobs read)", r.packsChecked(), r.blobsChecked()));
            }
            access.print(out, j, text.toString());
            return r.ok() ? ExitCodes.OK : ExitCodes.DAMAGE_FOUND;
        }
    }
}
