package io.strata.engine.cli;

import io.strata.engine.repository.Repository;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init", description = "Create a repository (password from STRATA_PASSWORD / --password-file, or --kek-file).")
final class InitCommand implements Callable<Integer> {
    @Mixin
    RepositoryAccess access;
    @Spec
    CommandSpec spec;

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
            access.print(spec.commandLine().getOut(), j, "created repository " + repo.config().id() + " at " + repo.describe());
        }
        return ExitCodes.OK;
    }
}
