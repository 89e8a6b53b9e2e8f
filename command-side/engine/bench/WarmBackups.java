import io.strata.engine.cli.StrataCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * First backups of one tree, one after another in one JVM, each into a new repository: the first pays what
 * every CLI run pays (classes, the key derivation's first run, the JIT compiling the hot paths), the later
 * ones run on compiled code. Prints each backup's time. Run by warm.sh.
 *
 * <p>Arguments: a directory for the repositories (must not exist), the tree, the number of backups; or
 * {@code --child-jvm-options}, which prints the options the CLI gives its child JVM, one per line, for warm.sh to
 * start this file's backups with.
 */
public class WarmBackups {
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--child-jvm-options")) {
            childJvmOptions().forEach(System.out::println);
            return;
        }
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

    /**
     * The JVM options of the CLI's child command line ({@code ChildJvm.command}, package-private, hence reflection),
     * without the ahead-of-time cache, which is bound to the CLI's own class path.
     */
    @SuppressWarnings("unchecked")
    static List<String> childJvmOptions() throws Exception {
        Class<?> childJvm = Class.forName("io.strata.engine.cli.ChildJvm");
        Method hugePages = childJvm.getDeclaredMethod("transparentHugePages");
        Method command = childJvm.getDeclaredMethod("command", String.class, Path.class, String.class, List.class,
                String[].class);
        hugePages.setAccessible(true);
        command.setAccessible(true);
        Path jar = Path.of(StrataCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> line = (List<String>) command.invoke(null, "java", jar, hugePages.invoke(null), List.of(),
                new String[0]);
        return line.subList(1, line.indexOf("-cp"));
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
