package io.strata.engine.cli;

import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.Snapshot;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snapshots}: lists the snapshots. */
final class SnapshotsCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("snapshots", List.of("List snapshots, oldest first."),
            RepositoryAccess.OPTIONS, List.of(), SnapshotsCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;

    private SnapshotsCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
    }

    @Override
    public Integer call() {
        try (Repository repo = access.open()) {
            List<Map<String, Object>> j = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.format("%-8s  %-19s  %-12s  %-12s  %s", "ID", "Time (UTC)", "Host",
                    "Level", "Paths"));
            for (Repository.SnapshotEntry e : repo.snapshots()) {
                Snapshot s = e.snapshot();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.id().hex());
                m.put("time", s.time().toString());
                m.put("hostname", s.hostname());
                m.put("username", s.username());
                m.put("paths", s.paths());
                m.put("tags", s.tags());
                m.put("level", s.level().name());
                m.put("parent", s.parent() == null ? null : s.parent().hex());
                m.put("tree", s.tree().hex());
                m.put("filesScanned", s.stats().filesScanned());
                m.put("bytesScanned", s.stats().bytesScanned());
                m.put("bytesStored", s.stats().bytesStored());
                j.add(m);
                text.append(String.format("%n%-8s  %-19s  %-12s  %-12s  %s", e.id().shortId(), Formats.time(s.time()),
                        s.hostname(), s.level(), String.join(" ", s.paths())));
            }
            access.print(out, j, text.toString());
        }
        return ExitCodes.OK;
    }
}
