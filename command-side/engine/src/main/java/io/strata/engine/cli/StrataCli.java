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
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code strata-engine.jar}. */
@Command(name = "strata-engine", mixinStandardHelpOptions = true, version = "strata-engine 0.1.0",
        scope = CommandLine.ScopeType.INHERIT, // -h/--help, -V/--version and the exit codes on every subcommand too
        description = "Strata backup engine: encrypted, deduplicating repositories.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failed", "2:usage error", "3:partial (unreadable files / failed restores)",
                "4:check found damage", "10:no repository", "11:repository locked", "12:wrong password or key",
                "13:unsupported repository format version"})
public final class StrataCli implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    static final List<Class<?>> COMMANDS = List.of(InitCommand.class, BackupCommand.class, SnapshotsCommand.class,
            LsCommand.class, RestoreCommand.class, CheckCommand.class, ForgetCommand.class, GcCommand.class,
            RepairCommand.class, KeyCommand.class);

    public static void main(String[] args) {
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
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            int code = exitCodeOf(ex);
            err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (code == ExitCodes.FAILED && !(ex instanceof RepositoryException) && !(ex instanceof CliException)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return code;
        });
        return cl.execute(args);
    }

    /**
     * The command line for {@code args}: with only the subcommand they name when the first one names one, else
     * with all (for the usage, and suggestions for a mistyped name). picocli builds a command's model by
     * reflection over its options when the command is added, which took a quarter of a second for all of them,
     * as much as the JVM's own start: a run pays for its own subcommand only.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new StrataCli());
        String named = args.length > 0 ? args[0] : null;
        List<Class<?>> added = COMMANDS.stream().filter(c -> nameOf(c).equals(named)).toList();
        for (Class<?> c : added.isEmpty() ? COMMANDS : added) {
            cl.addSubcommand(nameOf(c), c);
        }
        return cl;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command"); // its usage goes to its err
    }
}
