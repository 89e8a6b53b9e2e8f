package io.strata.engine.cli;

import io.strata.engine.gc.GarbageCollector;
import io.strata.engine.gc.GcResult;
import io.strata.engine.repository.Repository;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code gc}: collects garbage. */
final class GcCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("gc",
            List.of("Delete data no snapshot needs; rewrite mostly unused packs."),
            RepositoryAccess.OPTIONS, List.of(), GcCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;

    private GcCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
    }

    @Override
    public Integer call() {
        try (Repository repo = access.open()) {
            GcResult r = new GarbageCollector(repo).collect();
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("liveBlobs", r.liveBlobs());
            j.put("packsKept", r.packsKept());
            j.put("packsDeleted", r.packsDeleted());
            j.put("packsRewritten", r.packsRewritten());
            j.put("bytesFreed", r.bytesFreed());
            j.put("packsLocked", r.packsLocked());
            j.put("bytesLocked", r.bytesLocked());
            j.put("indexObjectsLocked", r.indexObjectsLocked());
            String text = String.format("%d live blobs; packs: %d kept, %d deleted, %d rewritten; %s freed", r.liveBlobs(),
                    r.packsKept(), r.packsDeleted(), r.packsRewritten(), Formats.bytes(r.bytesFreed()));
            if (r.packsLocked() > 0 || r.indexObjectsLocked() > 0) {
                text += String.format("%n%d unused pack(s) (%s) and %d old index object(s) kept: the storage keeps them "
                        + "immutable; a later gc deletes them once released", r.packsLocked(), Formats.bytes(r.bytesLocked()),
                        r.indexObjectsLocked());
            }
            access.print(out, j, text);
        }
        return ExitCodes.OK;
    }
}
