package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.blob.BlobId;
import io.strata.engine.checker.AffectedFile;
import io.strata.engine.checker.CheckResult;
import io.strata.engine.checker.Checker;
import io.strata.engine.checker.DamagedObject;
import io.strata.engine.index.BlobLocation;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.ProgressListener;
import io.strata.engine.repository.Repository;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.memory.MemoryStorage;
import io.strata.engine.tree.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restore reads the single-blob files of a pack in spans (at most {@link Restorer#MAX_SPAN} bytes,
 * split at gaps over {@link Restorer#MAX_GAP}); check verifies packs on several threads. Here one
 * pack holds about 10 MiB of small incompressible files (so it is cut into several spans), a
 * partial restore leaves gaps, and damaged blobs at the start, middle and end of the pack must fail
 * exactly their files and be named by check with every affected file.
 */
class PackSpanRestoreTest {
    private static final int FILES = 320;
    @TempDir
    Path dir;
    Path src;
    MemoryStorage storage;
    Repository repo;
    BackupResult backup;

    @BeforeEach
    void setUp() {
        src = dir.resolve("src");
        for (int i = 0; i < FILES; i++) {
            EngineFixtures.write(file(i), EngineFixtures.randomBytes(32 * 1024 + i, i));
        }
        EngineFixtures.write(src.resolve("big/multi-chunk"), EngineFixtures.randomBytes(3 << 20, 999));
        storage = new MemoryStorage();
        repo = Repository.init(storage, EngineFixtures.PASSWORD, EngineFixtures.options().withPackTarget(64 << 20));
        backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        assertThat(backup.errors()).isEmpty();
    }

    private Path file(int i) {
        return src.resolve("d" + (i % 16)).resolve("f" + i);
    }

    private Path restored(Path target, Path original) {
        return target.resolve(original.toString().substring(1));
    }

    private BlobId blobOf(int i) {
        Tree t = repo.loadTree(repo.loadSnapshot(backup.snapshotId()).tree());
        Path p = file(i);
        for (Path c : p) {
            t = c.equals(p.getFileName()) ? t : repo.loadTree(t.find(c.toString()).orElseThrow().subtree());
        }
        return t.find(p.getFileName().toString()).orElseThrow().content().getFirst();
    }

    @Test
    void aPackCutIntoSeveralSpansRestoresEveryFileIdentically() throws Exception {
        BlobId pack = repo.locate(blobOf(0)).orElseThrow().packId();
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        for (int i = 0; i < FILES; i++) {
            BlobLocation loc = repo.locate(blobOf(i)).orElseThrow();
            assertThat(loc.packId()).isEqualTo(pack);
            lowest = Math.min(lowest, loc.offset());
            highest = Math.max(highest, loc.offset());
        }
        assertThat(highest - lowest).isGreaterThan(2L * Restorer.MAX_SPAN); // so the pack is read in 3+ spans

        Path target = dir.resolve("all");
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(3),
                new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesRestored()).isEqualTo(FILES + 1);
        assertThat(r.filesVerified()).isEqualTo(FILES + 1);
        for (int i = 0; i < FILES; i++) {
            assertThat(Files.readAllBytes(restored(target, file(i)))).isEqualTo(Files.readAllBytes(file(i)));
        }
        assertThat(Files.readAllBytes(restored(target, src.resolve("big/multi-chunk"))))
                .isEqualTo(Files.readAllBytes(src.resolve("big/multi-chunk")));
    }

    @Test
    void aPartialRestoreReadsAroundTheGapsAndRestoresOnlyWhatWasAskedFor() throws Exception {
        Path target = dir.resolve("partial");
        List<String> includes = List.of(src.resolve("d3").toString(), src.resolve("d11").toString());
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withIncludes(includes),
                new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesRestored()).isEqualTo(FILES / 16 * 2);
        for (int i = 0; i < FILES; i++) {
            Path p = restored(target, file(i));
            if (i % 16 == 3 || i % 16 == 11) {
                assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(file(i)));
            } else {
                assertThat(p).doesNotExist();
            }
        }
    }

    @Test
    void damagedBlobsAcrossThePackFailExactlyTheirFilesAndParallelCheckNamesEachOne() throws Exception {
        List<Integer> byOffset = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byOffset.add(i);
        }
        byOffset.sort(Comparator.comparingInt(i -> repo.locate(blobOf(i)).orElseThrow().offset()));
        int[] victims = {byOffset.getFirst(), byOffset.get(FILES / 2), byOffset.getLast()};
        Set<String> victimPaths = new HashSet<>();
        Set<String> victimBlobs = new HashSet<>();
        ObjectName pack = null;
        for (int v : victims) {
            BlobId blob = blobOf(v);
            BlobLocation loc = repo.locate(blob).orElseThrow();
            pack = ObjectName.of(ObjectKind.PACK, loc.packId().bytes());
            byte[] bytes = storage.get(pack);
            bytes[loc.offset() + loc.storedLength() / 2] ^= 0x10;
            storage.overwriteForTesting(pack, bytes);
            victimPaths.add(file(v).toString());
            victimBlobs.add(blob.hex());
        }

        Repository fresh = Repository.open(storage, EngineFixtures.PASSWORD, EngineFixtures.options());
        CheckResult check = new Checker(fresh).check(true, ProgressListener.NONE, Cancellation.none(), 3);
        String packName = pack.toString();
        assertThat(check.damaged()).filteredOn(d -> d.blob() != null).extracting(DamagedObject::blob)
                .containsExactlyInAnyOrderElementsOf(victimBlobs);
        assertThat(check.damaged()).extracting(DamagedObject::object).containsOnly(packName);
        assertThat(check.affectedFiles()).extracting(AffectedFile::path).containsExactlyInAnyOrderElementsOf(victimPaths);
        assertThat(check.affectedSnapshots()).containsExactly(backup.snapshotId());

        Path target = dir.resolve("damaged");
        RestoreResult r = new Restorer(fresh).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(3),
                new LocalOutput(target));
        assertThat(r.failed()).extracting(FailedFile::path).containsExactlyInAnyOrderElementsOf(victimPaths);
        assertThat(r.failed()).allSatisfy(f -> assertThat(f.reason()).contains(packName));
        assertThat(r.filesRestored()).isEqualTo(FILES + 1 - victims.length);
        for (int i = 0; i < FILES; i++) {
            Path p = restored(target, file(i));
            if (victimPaths.contains(file(i).toString())) {
                assertThat(p).doesNotExist();
            } else {
                assertThat(Files.readAllBytes(p)).isEqualTo(Files.readAllBytes(file(i)));
            }
        }
    }
}
