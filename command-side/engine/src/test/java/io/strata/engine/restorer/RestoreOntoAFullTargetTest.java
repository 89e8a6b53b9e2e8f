package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SmallFileSystem;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.SnapshotId;
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
 * Likewise onto a file system mounted read-only.
 */
class RestoreOntoAFullTargetTest {
    @TempDir
    Path dir;

    private static final int FILES = 200;
    private Path src;
    private Repository repo;

    /** {@value #FILES} files of {@code size} random bytes in ten directories under src, backed up; the snapshot. */
    private SnapshotId backedUp(int size) throws Exception {
        src = dir.resolve("src");
        for (int i = 0; i < FILES; i++) {
            EngineFixtures.write(src.resolve("d" + (i % 10)).resolve("f" + i), EngineFixtures.randomBytes(size, i));
        }
        Files.createLink(src.resolve("d0/hard-link"), src.resolve("d0/f0"));
        repo = EngineFixtures.init(new MemoryStorage());
        return new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h")).snapshotId();
    }

    @Test
    void theRestoreStopsAtTheFirstFilesTheTargetHasNoRoomForAndKeepsWhatItWrote() throws Exception {
        int files = FILES;
        SnapshotId snapshot = backedUp(20_000);
        Path target = Files.createDirectories(dir.resolve("target"));

        try (SmallFileSystem disk = SmallFileSystem.mount(target, 1 << 20)) {
            RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(snapshot).withWorkers(4),
                    new LocalOutput(target));

            assertThat(r.success()).isFalse();
            assertThat(r.targetRefused().reason()).isEqualTo(WriteRefusal.FULL);
            assertThat(r.targetRefused().message()).contains("No space left on device");
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

    /**
     * A restore over an earlier one whose file system was remounted read-only since (as the kernel does after disk
     * errors): it stops at the first entries refused, saying the target is read-only, instead of failing each of
     * 200 files and directories alike; what the first restore wrote is untouched.
     */
    @Test
    void aRestoreOntoAReadOnlyFileSystemStopsAtTheFirstRefusal() throws Exception {
        int files = FILES;
        SnapshotId snapshot = backedUp(2_000);
        Path target = Files.createDirectories(dir.resolve("target"));

        try (SmallFileSystem disk = SmallFileSystem.mount(target, 8 << 20)) {
            assertThat(new Restorer(repo).restore(RestoreRequest.all(snapshot), new LocalOutput(target))
                    .success()).isTrue();
            disk.remountReadOnly();
            for (LocalOutput output : List.of(new LocalOutput(target), LocalOutput.confined(target))) {
                RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(snapshot).withWorkers(4), output);

                assertThat(r.success()).isFalse();
                assertThat(r.targetRefused().reason()).isEqualTo(WriteRefusal.READ_ONLY);
                assertThat(r.targetRefused().message()).contains("Read-only file system");
                assertThat(r.failed()).isNotEmpty().hasSizeLessThanOrEqualTo(4)
                        .allSatisfy(f -> assertThat(f.reason()).contains("Read-only file system"));
                assertThat(r.filesRestored()).isZero();
            }
            Path copy = target.resolve(src.toString().substring(1));
            for (int i = 0; i < files; i++) {
                Path p = Path.of("d" + (i % 10), "f" + i);
                assertThat(Files.mismatch(copy.resolve(p), src.resolve(p))).as(p.toString()).isEqualTo(-1);
            }
        }
    }
}
