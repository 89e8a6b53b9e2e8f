package io.strata.engine.cli;

import io.strata.engine.gc.IndexRepair;
import io.strata.engine.repository.Repository;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "repair", description = "Repair repository structures.", subcommands = RepairCommand.Index.class)
final class RepairCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand (index)");
    }

    @Command(name = "index", description = "Rebuild the index from the pack headers.")
    static final class Index implements Callable<Integer> {
        @Mixin
        RepositoryAccess access;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Repository repo = access.open()) {
                IndexRepair.Result r = new IndexRepair(repo).repair();
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("packs", r.packs());
                j.put("blobs", r.blobs());
                j.put("unreadablePacks", r.unreadablePacks());
                j.put("replacedIndexObjects", r.oldIndexObjects());
                StringBuilder text = new StringBuilder(String.format("indexed %d blobs in %d packs (replaced %d index objects)",
                        r.blobs(), r.packs(), r.oldIndexObjects()));
                r.unreadablePacks().forEach(u -> text.append("\nunreadable: ").append(u));
                access.print(spec.commandLine().getOut(), j, text.toString());
                return r.unreadablePacks().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
            }
        }
    }
}
