package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SmallFileSystem;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.memory.MemoryStorage;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore onto a disk that fills up (a real tmpfs of 1 MiB for 4 MB of files): it stops at the first files the
 * disk has no room for, saying so, instead of trying and listing every one after them; what it wrote stays, whole.
 */
class RestoreOntoAFullTargetTest {
    @TempDir
    Path dir;

    @Test
    void theRestoreStopsAtTheFirstFilesTheTargetHasNoRoomForAndKeepsWhatItWrote() throws Exception {
        Path src = dir.resolve("src");
        int files = 200;
        for (int i = 0; i < files; i++) {
            EngineFixtures.write(src.resolve("d" + (i % 10)).resolve("f" + i), EngineFixtures.randomBytes(20_000, i));
        }
        Files.createLink(src.resolve("d0/hard-link"), src.resolve("d0/f0"));
        Repository repo = EngineFixtures.init(new MemoryStorage());
        BackupResult backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        Path target = Files.createDirectories(dir.resolve("target"));

        try (SmallFileSystem disk = SmallFileSystem.mount(target, 1 << 20)) {
            RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(4),
                    new LocalOutput(target));

            assertThat(r.success()).isFalse();
            assertThat(r.targetFull()).contains("No space left on device");
            // only the files being written when the disk filled failed: none was begun after
            assertThat(r.failed()).isNotEmpty().hasSizeLessThanOrEqualTo(4)
                    .allSatisfy(f -> assertThat(f.reason()).contains("No space left on device"));
            assertThat(r.filesRestored()).isPositive().isLessThan(files);
            // what was restored is whole; a file that failed left nothing behind
            Path copy = target.resolve(src.toString().substring(1));
            List<Path> written;
            try (Stream<Path> walk = Files.walk(copy)) {
                written = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
            }
            assertThat(written).hasSize((int) r.filesRestored());
            for (Path p : written) {
                assertThat(Files.mismatch(p, src.resolve(copy.relativize(p)))).as(p.toString()).isEqualTo(-1);
            }
        }
    }
}
