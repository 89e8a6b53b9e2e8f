package io.strata.engine.cli;

import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryLock;
import io.strata.engine.snapshot.SnapshotId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "forget", description = "Remove snapshots (their data stays until gc).")
final class ForgetCommand implements Callable<Integer> {
    @Mixin
    RepositoryAccess access;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", description = "Snapshot ids or prefixes.")
    List<String> snapshots;

    @Override
    public Integer call() {
        try (Repository repo = access.open(); RepositoryLock lock = repo.lockShared("forget")) {
            List<SnapshotId> ids = new ArrayList<>();
            for (String s : snapshots) {
                ids.add(repo.resolveSnapshot(s));
            }
            for (SnapshotId id : ids) {
                repo.deleteSnapshot(id);
            }
            access.print(spec.commandLine().getOut(), Map.of("forgotten", ids.stream().map(SnapshotId::hex).toList()),
                    "removed " + ids.size() + " snapshot(s): "
                            + String.join(" ", ids.stream().map(SnapshotId::shortId).toList()));
        }
        return ExitCodes.OK;
    }
}
