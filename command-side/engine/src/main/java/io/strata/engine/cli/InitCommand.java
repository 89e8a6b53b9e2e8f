package io.strata.engine.cli;

import io.strata.engine.repository.Repository;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code init}: creates a repository. */
final class InitCommand implements Callable<Integer> {
    static final CommandSpec SPEC = CommandSpec.command("init",
            List.of("Create a repository (password from STRATA_PASSWORD / --password-file, or --kek-file)."),
            RepositoryAccess.OPTIONS, List.of(), InitCommand::new);

    private final RepositoryAccess access;
    private final PrintWriter out;

    private InitCommand(ParsedArgs args, PrintWriter out) {
        this.access = new RepositoryAccess(args);
        this.out = out;
    }

    @Override
    public Integer call() {
        if (Files.exists(access.repo) && !Files.isDirectory(access.repo)) {
            throw new CliException(ExitCodes.USAGE, "--repo " + access.repo + " exists and is not a directory");
        }
        try (Repository repo = Repository.init(access.storage(), access.credentials(), access.options())) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("repository", repo.describe());
            j.put("id", repo.config().id());
            j.put("version", repo.config().version());
            access.print(out, j, "created repository " + repo.config().id() + " at " + repo.describe());
        }
        return ExitCodes.OK;
    }
}
