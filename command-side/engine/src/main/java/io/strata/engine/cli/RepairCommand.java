package io.strata.engine.cli;

import io.strata.engine.gc.IndexRepair;
import io.strata.engine.repository.Repository;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code repair}: repairs repository structures; {@code repair index} rebuilds the index from the pack headers. */
final class RepairCommand {
    static final CommandSpec SPEC = CommandSpec.group("repair", "Repair repository structures.", List.of(Index.SPEC));

    private RepairCommand() {
    }

    static final class Index implements Callable<Integer> {
        static final CommandSpec SPEC = CommandSpec.command("index", List.of("Rebuild the index from the pack headers."),
                RepositoryAccess.OPTIONS, List.of(), Index::new);

        private final RepositoryAccess access;
        private final PrintWriter out;

        private Index(ParsedArgs args, PrintWriter out) {
            this.access = new RepositoryAccess(args);
            this.out = out;
        }

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
                access.print(out, j, text.toString());
                return r.unreadablePacks().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
            }
        }
    }
}
