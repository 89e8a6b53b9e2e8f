package io.strata.engine.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.blob.BlobId;
import io.strata.engine.index.BlobLocation;
import io.strata.engine.output.Output;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.restorer.FailedFile;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.SourcePaths;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.ObjectName;
import io.strata.engine.storage.memory.MemoryStorage;
import io.strata.engine.tree.Tree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flipped byte in each kind of object: check names the damaged object (and blob) and the
 * snapshots and files it affects; restore fails exactly the affected files and restores the rest.
 */
class DamageTest {
    @TempDir
    Path dir;
    Path src;
    MemoryStorage storage;
    Repository repo;
    BackupResult first;
    BackupResult second;

    @BeforeEach
    void setUp() {
        src = dir.resolve("src");
        for (int i = 0; i < 12; i++) {
            EngineFixtures.write(src.resolve("d" + (i % 3)).resolve("f" + i), EngineFixtures.randomBytes(50_000 + i, i));
        }
        storage = new MemoryStorage();
        repo = EngineFixtures.init(storage);
        first = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        EngineFixtures.write(src.resolve("d0/extra"), EngineFixtures.randomBytes(10_000, 77));
        second = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
    }

    private Tree sourceDir(Repository r, BackupResult b) {
        Tree t = r.loadTree(r.loadSnapshot(b.snapshotId()).tree());
        for (String c : SourcePaths.components(src.toString())) {
            t = r.loadTree(t.find(c).orElseThrow().subtree());
        }
        return t;
    }

    /** Flips one byte inside the sealed bytes of the given blob, in place in its pack. */
    private ObjectName damageBlob(BlobId blob) throws Exception {
        BlobLocation loc = repo.locate(blob).orElseThrow();
        ObjectName pack = ObjectName.of(ObjectKind.PACK, loc.packId().bytes());
        byte[] bytes = storage.get(pack);
        bytes[loc.offset() + loc.storedLength() / 2] ^= 0x40;
        storage.overwriteForTesting(pack, bytes);
        return pack;
    }

    @Test
    void aDamagedDataBlobFailsExactlyTheFileThatUsesItAndCheckNamesItsPackBlobSnapshotsAndFile() throws Exception {
        Tree d1 = repo.loadTree(sourceDir(repo, first).find("d1").orElseThrow().subtree());
        BlobId victim = d1.find("f4").orElseThrow().content().getFirst();
        ObjectName pack = damageBlob(victim);

        Repository fresh = EngineFixtures.open(storage);
        CheckResult structure = new Checker(fresh).check(false);
        assertThat(structure.ok()).isTrue(); // structure alone cannot see a flipped byte

        CheckResult r = new Checker(fresh).check(true);
        assertThat(r.ok()).isFalse();
        assertThat(r.damaged()).anySatisfy(d -> {
            assertThat(d.object()).isEqualTo(pack.toString());
            assertThat(d.blob()).isEqualTo(victim.hex());
        });
        assertThat(r.affectedSnapshots()).containsExactlyInAnyOrder(first.snapshotId(), second.snapshotId());
        String victimPath = src.resolve("d1/f4").toString();
        assertThat(r.affectedFiles()).extracting(AffectedFile::path).containsOnly(victimPath);
        assertThat(r.affectedFiles()).hasSize(2);

        Path target = dir.resolve("restore");
        RestoreResult rr = new Restorer(fresh).restore(RestoreRequest.all(second.snapshotId()), new LocalOutput(target));
        assertThat(rr.failed()).extracting(FailedFile::path).containsExactly("/" + SourcePaths.components(victimPath).stream()
                .reduce((a, b) -> a + "/" + b).orElseThrow());
        assertThat(rr.failed().getFirst().reason()).contains(pack.toString()).contains(victim.hex());
        assertThat(rr.filesRestored()).isEqualTo(12);
        Path restoredSrc = target.resolve(src.toString().substring(1));
        assertThat(restoredSrc.resolve("d1/f4")).doesNotExist();
        assertThat(Files.readAllBytes(restoredSrc.resolve("d1/f1"))).isEqualTo(Files.readAllBytes(src.resolve("d1/f1")));
    }

    @Test
    void restoringOverExistingFilesNeverReplacesOneWithContentThatFailedVerification() throws Exception {
        Tree d1 = repo.loadTree(sourceDir(repo, first).find("d1").orElseThrow().subtree());
        damageBlob(d1.find("f4").orElseThrow().content().getFirst());
        Path target = dir.resolve("over");
        Path restoredSrc = target.resolve(src.toString().substring(1));
        // what the target holds before: the damaged file's older version (hard-linked elsewhere) and another file
        Files.createDirectories(restoredSrc.resolve("d1"));
        Files.writeString(restoredSrc.resolve("d1/f4"), "the copy on the server, older but intact");
        Files.createLink(target.resolve("f4-link"), restoredSrc.resolve("d1/f4"));
        Files.writeString(restoredSrc.resolve("d1/f1"), "stale");
        Files.createLink(target.resolve("f1-link"), restoredSrc.resolve("d1/f1"));

        RestoreResult rr = new Restorer(EngineFixtures.open(storage)).restore(RestoreRequest.all(second.snapshotId()),
                new LocalOutput(target));

        assertThat(rr.failed()).hasSize(1);
        assertThat(Files.readString(restoredSrc.resolve("d1/f4"))).isEqualTo("the copy on the server, older but intact");
        assertThat(Files.readAllBytes(restoredSrc.resolve("d1/f1"))).isEqualTo(Files.readAllBytes(src.resolve("d1/f1")));
        // replaced by rename: other hard links of the old file keep the old content
        assertThat(Files.readString(target.resolve("f1-link"))).isEqualTo("stale");
        assertThat(Files.readString(target.resolve("f4-link"))).isEqualTo("the copy on the server, older but intact");
        try (var files = Files.walk(target)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(Output.TEMPORARY_PREFIX));
        }
    }

    @Test
    void aDamagedTreeBlobIsNamedAndItsDirectoryReported() throws Exception {
        BlobId treeId = sourceDir(repo, second).find("d2").orElseThrow().subtree();
        ObjectName pack = damageBlob(treeId);
        CheckResult r = new Checker(EngineFixtures.open(storage)).check(true);
        assertThat(r.damaged()).anySatisfy(d -> {
            assertThat(d.object()).isEqualTo(pack.toString());
            assertThat(d.blob()).isEqualTo(treeId.hex());
        });
        assertThat(r.affectedFiles()).extracting(AffectedFile::path).contains(src.resolve("d2").toString());
        RestoreResult rr = new Restorer(EngineFixtures.open(storage)).restore(RestoreRequest.all(second.snapshotId()),
                new LocalOutput(dir.resolve("restore-tree")));
        assertThat(rr.failed()).extracting(FailedFile::path).containsExactly(src.resolve("d2").toString());
        assertThat(rr.filesRestored()).isEqualTo(9);
    }

    @Test
    void aDamagedSnapshotObjectIsNamed() throws Exception {
        ObjectName snap = new ObjectName(ObjectKind.SNAPSHOT, first.snapshotId().hex());
        byte[] b = storage.get(snap);
        b[b.length / 2] ^= 1;
        storage.overwriteForTesting(snap, b);
        CheckResult r = new Checker(EngineFixtures.open(storage)).check(false);
        assertThat(r.damaged()).extracting(DamagedObject::object).contains(snap.toString());
        assertThat(r.affectedSnapshots()).containsExactly(first.snapshotId());
    }

    @Test
    void aDamagedIndexObjectIsNamedAndRepairIndexRebuildsIt() throws Exception {
        ObjectName idx = storage.list(ObjectKind.INDEX).getFirst().name();
        byte[] b = storage.get(idx);
        b[b.length / 2] ^= 1;
        storage.overwriteForTesting(idx, b);
        CheckResult r = new Checker(EngineFixtures.open(storage)).check(false);
        assertThat(r.damaged()).extracting(DamagedObject::object).contains(idx.toString());
        new io.strata.engine.gc.IndexRepair(EngineFixtures.open(storage)).repair();
        CheckResult after = new Checker(EngineFixtures.open(storage)).check(true);
        assertThat(after.ok()).isTrue();
        assertThat(after.warnings()).isEmpty();
    }

    @Test
    void aMissingPackIsNamedWithEveryFileItHeld() throws Exception {
        Tree d0 = repo.loadTree(sourceDir(repo, first).find("d0").orElseThrow().subtree());
        BlobId blob = d0.find("f0").orElseThrow().content().getFirst();
        ObjectName pack = ObjectName.of(ObjectKind.PACK, repo.locate(blob).orElseThrow().packId().bytes());
        storage.delete(pack);
        CheckResult r = new Checker(EngineFixtures.open(storage)).check(false);
        assertThat(r.damaged()).anySatisfy(d -> {
            assertThat(d.object()).isEqualTo(pack.toString());
            assertThat(d.reason()).contains("missing");
        });
        assertThat(r.affectedFiles()).extracting(AffectedFile::path).contains(src.resolve("d0/f0").toString());
    }
}
