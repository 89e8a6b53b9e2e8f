package io.strata.engine.cli;

import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryLock;
import io.strata.engine.repository.RepositoryStorageException;
import io.strata.engine.snapshot.SnapshotId;
import io.strata.engine.storage.ObjectLockedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code forget}: removes snapshots; their data stays until gc. */
final class ForgetCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("forget", List.of("Remove snapshots (their data stays until gc).",
            "A snapshot the storage keeps immutable (object lock, immutability policy) is kept and reported; "
                    + "the exit code is then 3."),
            RepositoryAccess.OPTIONS, List.of(ParameterSpec.oneOrMore("snapshots", "Snapshot ids or prefixes.")),
            ForgetCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;
    private final List<String> snapshots;

    private ForgetCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
        this.snapshots = args.parameters("snapshots");
    }

    @Override
    public Integer call() {
        try (Repository repo = access.open(); RepositoryLock lock = repo.lockShared("forget")) {
            List<SnapshotId> ids = new ArrayList<>();
            for (String s : snapshots) {
                ids.add(repo.resolveSnapshot(s));
            }
            List<SnapshotId> forgotten = new ArrayList<>();
            Map<String, String> locked = new LinkedHashMap<>();
            for (SnapshotId id : ids) {
                try {
                    repo.deleteSnapshot(id);
                    forgotten.add(id);
                } catch (RepositoryStorageException e) {
                    if (!(e.getCause() instanceof ObjectLockedException refused)) {
                        throw e;
                    }
                    locked.put(id.hex(), refused.retainUntil() == null ? "held" : refused.retainUntil().toString());
                }
            }
            StringBuilder text = new StringBuilder("removed " + forgotten.size() + " snapshot(s): "
                    + String.join(" ", forgotten.stream().map(SnapshotId::shortId).toList()));
            locked.forEach((id, until) -> text.append("\nkept ").append(id, 0, 8)
                    .append(": the storage keeps it immutable").append("held".equals(until) ? " (legal hold)" : " until " + until));
            access.print(out, Map.of("forgotten", forgotten.stream().map(SnapshotId::hex).toList(),
                    "locked", locked), text.toString());
            return locked.isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }
}
