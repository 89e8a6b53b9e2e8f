package io.strata.engine.cli;

import io.strata.engine.archiver.MissingSourcePathException;
import io.strata.engine.repository.CorruptObjectException;
import io.strata.engine.repository.RepositoryException;
import io.strata.engine.repository.RepositoryLockedException;
import io.strata.engine.repository.RepositoryNotFoundException;
import io.strata.engine.repository.UnsupportedFormatVersionException;
import io.strata.engine.repository.WrongKeyException;
import io.strata.engine.progress.CancelledException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code strata-engine.jar}. */
@Command(name = "strata-engine", mixinStandardHelpOptions = true, version = "strata-engine 0.1.0",
        description = "Strata backup engine: encrypted, deduplicating repositories.",
        subcommands = {InitCommand.class, BackupCommand.class, SnapshotsCommand.class, LsCommand.class,
                RestoreCommand.class, CheckCommand.class, ForgetCommand.class, GcCommand.class, RepairCommand.class,
                KeyCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failed", "2:usage error", "3:partial (unreadable files / failed restores)",
                "4:check found damage", "10:no repository", "11:repository locked", "12:wrong password or key",
                "13:unsupported repository format version"})
public final class StrataCli implements Runnable {

    public static void main(String[] args) {
        keepHeapSmall();
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * The JVM's default maximum heap is a quarter of RAM, and with the engine's allocation rate
     * the collector grows the heap far beyond what is live (about 100-300 MB). A CLI started with
     * plain {@code java -jar} cannot pass -Xmx, so it asks the collector to aim lower through the
     * manageable {@code SoftMaxHeapSize} flag, where the JVM offers it.
     */
    static void keepHeapSmall() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            long max = Runtime.getRuntime().maxMemory();
            long soft = Math.min(max, 512L * 1024 * 1024);
            bean.setVMOption("SoftMaxHeapSize", Long.toString(soft));
        } catch (RuntimeException | LinkageError e) {
            // not a HotSpot JVM, or the flag is not manageable there: keep the defaults
        }
    }

    /** Runs the CLI in-process (tests use this) and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new StrataCli());
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

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "missing command");
    }
}
