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
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
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
