package io.strata.engine.cli;

import io.strata.engine.archiver.MissingSourcePathException;
import io.strata.engine.metadata.FileNames;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.repository.RepositoryLockedException;
import io.strata.engine.repository.RepositoryNotFoundException;
import io.strata.engine.repository.UnsupportedFormatVersionException;
import io.strata.engine.repository.WrongKeyException;
import io.strata.engine.progress.CancelledException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.Callable;

/** Entry point of {@code strata-engine.jar}: parses the command line ({@link CommandSpec}s) and runs the command. */
public final class StrataCli {
    static final String VERSION = "strata-engine 0.1.0";

    /**
     * The commands, built when a run first needs them: a start that only relaunches itself in a child JVM
     * ({@link #relaunchWithBoundedHeap}) loads none of their classes.
     */
    static final class Commands {
        /** In the order the usage lists them. */
        static final List<CommandSpec> ALL = List.of(InitCommand.SPEC, BackupCommand.SPEC, SnapshotsCommand.SPEC,
                LsCommand.SPEC, RestoreCommand.SPEC, CheckCommand.SPEC, ForgetCommand.SPEC, GcCommand.SPEC,
                RepairCommand.SPEC, KeyCommand.SPEC);
        static final CommandSpec MAIN = CommandSpec.group("strata-engine",
                "Strata backup engine: encrypted, deduplicating repositories.", ALL);

        private Commands() {
        }
    }

    private StrataCli() {
    }

    public static void main(String[] decoded) {
        String[] args = CommandLineArgs.asGiven(decoded, System.getProperty("strata.cli.child") != null, System.getenv());
        Integer relaunched = relaunchWithBoundedHeap(args);
        if (relaunched != null) {
            System.exit(relaunched);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * {@code java -jar} gives the JVM a default maximum heap of a quarter of RAM, and with the
     * engine's allocation rate the collector grows the heap far beyond what is live: over 1 GiB of
     * RSS on a 24 GiB machine. A jar manifest cannot set -Xmx, so when the heap is unbounded the CLI
     * starts itself again in a child JVM with the options and locale {@link ChildJvm} gives (costs one JVM
     * start, about 0.1 s), with the same standard streams, and exits with the child's code; the child starts from the
     * CLI's ahead-of-time cache when there is one ({@link ChildJvm#aotOptions}). STRATA_NO_RELAUNCH=1 disables it.
     */
    static Integer relaunchWithBoundedHeap(String[] args) {
        if (System.getProperty("strata.cli.child") != null || System.getenv("STRATA_NO_RELAUNCH") != null
                || Runtime.getRuntime().maxMemory() <= 1L << 30) {
            return null;
        }
        try {
            String javaBin = ProcessHandle.current().info().command().orElse(null);
            java.nio.file.Path jar = java.nio.file.Path.of(StrataCli.class.getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            if (javaBin == null || !jar.toString().endsWith(".jar")) {
                return null;
            }
            List<String> aot;
            try {
                aot = ChildJvm.aotOptions(jar, Runtime.version(), System.getenv("STRATA_AOT_CACHE"));
            } catch (CliException e) {
                System.err.println("error: " + e.getMessage());
                return e.exitCode;
            }
            List<String> cmd = ChildJvm.command(javaBin, jar, ChildJvm.transparentHugePages(), aot, args);
            ProcessBuilder builder = new ProcessBuilder(cmd).inheritIO();
            ChildJvm.environment(builder.environment(), FileNames.charset());
            builder.environment().remove(CommandLineArgs.ENV);
            String given = CommandLineArgs.toHex(args, Charset.forName(FileNames.charset()));
            if (given != null) { // arguments the child's command line cannot carry as they are
                builder.environment().put(CommandLineArgs.ENV, given);
            }
            Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (child.isAlive()) {
                    child.destroy();
                }
            }));
            return child.waitFor();
        } catch (java.io.IOException | java.net.URISyntaxException | RuntimeException e) {
            return null; // cannot relaunch: run here with the default heap
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.FAILED;
        }
    }

    /** Runs the CLI in-process (tests use this) and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return run(Commands.MAIN, Commands.MAIN.name(), List.of(args), out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Runs {@code spec} with {@code args}, the arguments after its name ({@code path} on the command line): a group
     * passes them on to the subcommand they name. Usage errors go to {@code err} with the usage, exit code 2; a
     * command's failure as {@code error: MESSAGE}, with its exit code ({@link #exitCodeOf}).
     */
    private static int run(CommandSpec spec, String path, List<String> args, PrintWriter out, PrintWriter err) {
        List<String> options = args.contains("--") ? args.subList(0, args.indexOf("--")) : args;
        boolean group = !spec.subcommands().isEmpty();
        List<String> asked = group ? args.stream().limit(1).toList() : options; // a group's own options come first
        if (asked.contains("-h") || asked.contains("--help")) {
            out.print(Usage.of(path, spec));
            return ExitCodes.OK;
        }
        if (asked.contains("-V") || asked.contains("--version")) {
            out.println(VERSION);
            return ExitCodes.OK;
        }
        if (group) {
            if (args.isEmpty()) {
                return usageError(err, path, spec, spec == Commands.MAIN ? "missing command" : "missing subcommand ("
                        + String.join(", ", spec.subcommands().stream().map(CommandSpec::name).toList()) + ")");
            }
            String name = args.getFirst();
            CommandSpec sub = spec.subcommand(name).orElse(null);
            if (sub == null) {
                return unknownCommand(err, path, spec, name);
            }
            return run(sub, path + " " + name, args.subList(1, args.size()), out, err);
        }
        Callable<Integer> command;
        try {
            command = spec.factory().create(ParsedArgs.parse(spec, args), out);
        } catch (UsageException e) {
            return usageError(err, path, spec, e.getMessage());
        }
        try {
            return command.call();
        } catch (Exception ex) {
            int code = exitCodeOf(ex);
            err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (code == ExitCodes.FAILED && !(ex instanceof RepositoryException) && !(ex instanceof CliException)) {
                ex.printStackTrace(err);
            }
            return code;
        }
    }

    private static int usageError(PrintWriter err, String path, CommandSpec spec, String message) {
        err.println(message);
        err.print(Usage.of(path, spec));
        return ExitCodes.USAGE;
    }

    /** A name that is no command of the group: the commands it resembles are suggested, else the usage follows. */
    private static int unknownCommand(PrintWriter err, String path, CommandSpec group, String name) {
        if (name.startsWith("-")) {
            return usageError(err, path, group, "Unknown option: '" + name + "'");
        }
        List<String> similar = group.subcommands().stream().map(CommandSpec::name)
                .filter(c -> c.startsWith(name) || name.startsWith(c) || editDistance(c, name) <= 2).toList();
        if (similar.isEmpty()) {
            return usageError(err, path, group, "Unmatched argument: '" + name + "' is not a command");
        }
        err.println("Unmatched argument: '" + name + "' is not a command");
        err.println("Did you mean: " + String.join(" or ", similar.stream().map(c -> path + " " + c).toList()) + "?");
        return ExitCodes.USAGE;
    }

    /** Levenshtein distance: insertions, deletions and substitutions of one character. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static int exitCodeOf(Throwable ex) {
        return switch (ex) {
            case CliException c -> c.exitCode;
            case RepositoryNotFoundException e -> ExitCodes.NO_REPOSITORY;
            case RepositoryLockedException e -> ExitCodes.LOCKED;
            case WrongKeyException e -> ExitCodes.WRONG_KEY;
            case UnsupportedFormatVersionException e -> ExitCodes.UNSUPPORTED_VERSION;
            case MissingSourcePathException e -> ExitCodes.FAILED;
            case CorruptObjectException e -> ExitCodes.FAILED;
            case CancelledException e -> ExitCodes.FAILED;
            default -> ExitCodes.FAILED;
        };
    }
}
