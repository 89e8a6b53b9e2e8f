package io.strata.command.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup of two plan sources is two snapshots: a path is in the backup when either has it. */
class BackupIncludesTest {
    @TempDir
    Path dir;

    @Test
    void aPathIsMissingOnlyWhenNoSnapshotOfTheBackupHasIt() throws IOException {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path home = Files.createDirectories(dir.resolve("home/ann"));
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost");
        Files.writeString(home.resolve("notes"), "remember");
        try (Repository repository = Repository.init(new MemoryStorage(), new Credentials.KeyEncryptionKey(new byte[32]),
                RepositoryOptions.defaults())) {
            String first = new Archiver(repository, new LocalSource())
                    .backup(BackupRequest.full(List.of(etc.toString()), "h")).snapshotId().hex();
            String second = new Archiver(repository, new LocalSource())
                    .backup(BackupRequest.full(List.of(home.toString()), "h")).snapshotId().hex();

            List<String> asked = List.of(etc + "/hosts", dir + "/nowhere", home.toString(), etc + "/hosts/below-a-file",
                    home + "/notes");
            assertThat(BackupIncludes.missing(new Restorer(repository), List.of(first, second), asked))
                    .containsExactly(dir + "/nowhere", etc + "/hosts/below-a-file");
            assertThat(BackupIncludes.missing(new Restorer(repository), List.of(first), asked))
                    .containsExactly(dir + "/nowhere", home.toString(), etc + "/hosts/below-a-file", home + "/notes");
            assertThat(BackupIncludes.missing(new Restorer(repository), List.of(first, second), List.of())).isEmpty();
        }
    }
}
