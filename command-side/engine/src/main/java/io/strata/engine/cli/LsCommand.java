package io.strata.engine.cli;

import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.tree.Node;
import io.strata.engine.tree.Tree;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ls}: lists a snapshot's entries. */
final class LsCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("ls",
            List.of("List the entries of a snapshot (recursively), below PATH if given."),
            RepositoryAccess.OPTIONS, List.of(ParameterSpec.one("snapshot", "Snapshot id, prefix or 'latest'."),
                    ParameterSpec.optional("path", "Path inside the snapshot.")),
            LsCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;
    private final String snapshot;
    private final String path;

    private LsCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
        this.snapshot = args.parameter("snapshot");
        this.path = args.parameter("path");
    }

    @Override
    public Integer call() {
        try (Repository repo = access.open()) {
            Snapshot s = repo.loadSnapshot(repo.resolveSnapshot(snapshot));
            Tree tree = repo.loadTree(s.tree());
            String prefix = "";
            if (path != null && !SourcePaths.normalize(path).equals("/")) {
                List<String> parts = SourcePaths.components(path);
                List<Node> nodes = repo.nodesAlong(tree, parts);
                for (int i = 0; i < nodes.size(); i++) {
                    Node n = nodes.get(i);
                    prefix = prefix + "/" + n.name();
                    if (n.subtree() == null && i != parts.size() - 1) {
                        throw new CliException(ExitCodes.FAILED, "not a directory: " + prefix);
                    }
                    print(out, prefix, n);
                }
                if (nodes.size() < parts.size()) {
                    throw new CliException(ExitCodes.FAILED, "no such path in the snapshot: " + path);
                }
                Node last = nodes.getLast();
                if (last.subtree() == null) {
                    return ExitCodes.OK;
                }
                tree = repo.loadTree(last.subtree());
            }
            walk(repo, out, prefix, tree);
            out.flush();
        }
        return ExitCodes.OK;
    }

    private void walk(Repository repo, PrintWriter out, String dir, Tree tree) {
        for (Node n : tree.nodes()) {
            String p = dir + "/" + n.name();
            print(out, p, n);
            if (n.subtree() != null) {
                walk(repo, out, p, repo.loadTree(n.subtree()));
            }
        }
    }

    private void print(PrintWriter out, String path, Node n) {
        FileMetadata m = n.meta();
        Instant mtime = Instant.ofEpochSecond(Math.floorDiv(m.mtimeNanos(), 1_000_000_000L), Math.floorMod(m.mtimeNanos(), 1_000_000_000L));
        if (access.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("path", path);
            j.put("type", m.type().name().toLowerCase());
            j.put("mode", Integer.toOctalString(m.mode()));
            j.put("uid", m.uid());
            j.put("gid", m.gid());
            j.put("size", m.size());
            j.put("mtime", mtime.toString());
            if (m.symlinkTarget() != null) {
                j.put("target", m.symlinkTarget());
            }
            out.println(Json.write(j));
        } else {
            out.printf("%s %04o %5d %5d %12d %s %s%s%n", typeChar(n), m.mode(), m.uid(), m.gid(), m.size(),
                    Formats.time(mtime), path, m.symlinkTarget() != null ? " -> " + m.symlinkTarget() : "");
        }
    }

    private static char typeChar(Node n) {
        return switch (n.type()) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case FIFO -> 'p';
            case SOCKET -> 's';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            default -> '-';
        };
    }
}
