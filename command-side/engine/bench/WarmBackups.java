import io.strata.engine.cli.StrataCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * First backups of one tree, one after another in one JVM, each into a new repository: the first pays what
 * every CLI run pays (classes, the key derivation's first run, the JIT compiling the hot paths), the later
 * ones run on compiled code. Prints each backup's time. Run by warm.sh, with the CLI child JVM's options.
 *
 * <p>Arguments: a directory for the repositories (must not exist), the tree, the number of backups.
 */
public class WarmBackups {
    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String tree = args[1];
        int runs = Integer.parseInt(args[2]);
        Files.createDirectories(work);
        for (int i = 1; i <= runs; i++) {
            String repo = work.resolve("repo-" + i).toString();
            cli("init", "--repo", repo);
            long start = System.nanoTime();
            cli("backup", "--repo", repo, tree);
            System.out.printf("backup %d: %.2f s%n", i, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.run(args, new PrintWriter(out), new PrintWriter(err));
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited " + code + ": " + err + out);
        }
    }
}
