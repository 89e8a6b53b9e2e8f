package io.strata.engine.archiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.EngineFixtures;
import io.strata.engine.progress.Cancellation;
import io.strata.engine.progress.CancelledException;
import io.strata.engine.progress.Progress;
import io.strata.engine.repository.Repository;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.snapshot.Snapshot;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.source.ForwardingSource;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups: dedup, parents, levels, change detection, dry runs, cancellation, streams. */
class ArchiverTest {
    @TempDir
    Path dir;
    Path src;
    MemoryStorage storage;
    Repository repo;

    @BeforeEach
    void setUp() {
        src = dir.resolve("src");
        storage = new MemoryStorage();
        repo = EngineFixtures.init(storage);
        for (int i = 0; i < 20; i++) {
            EngineFixtures.write(src.resolve("dir" + (i % 4)).resolve("file" + i), EngineFixtures.randomBytes(20_000 + i, i));
        }
    }

    private BackupResult full() {
        return new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
    }

    private BackupResult incremental(BackupResult parent) {
        return new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h")
                .withParent(BackupLevel.INCREMENTAL, parent.snapshotId()));
    }

    @Test
    void identicalContentIsStoredOnceAcrossFilesAndSnapshots() {
        byte[] same = EngineFixtures.randomBytes(200_000, 99);
        EngineFixtures.write(src.resolve("a/same1"), same);
        EngineFixtures.write(src.resolve("b/same2"), same);
        BackupResult first = full();
        assertThat(first.filesRead()).isEqualTo(22);
        assertThat(first.bytesNew()).isLessThan(first.bytesScanned() - 150_000);
        BackupResult second = full();
        assertThat(second.filesRead()).isEqualTo(22);
        assertThat(second.bytesNew()).isZero();
        assertThat(second.bytesStored()).isZero();
    }

    @Test
    void anIncrementalReadsOnlyChangedFilesAndIsStillComplete() throws Exception {
        BackupResult first = full();
        EngineFixtures.write(src.resolve("dir1/file1"), "changed".getBytes());
        EngineFixtures.write(src.resolve("dir2/new"), "new".getBytes());
        BackupResult inc = incremental(first);
        assertThat(inc.filesRead()).isEqualTo(2);
        assertThat(inc.filesUnchanged()).isEqualTo(19);
        Snapshot s = repo.loadSnapshot(inc.snapshotId());
        assertThat(s.level()).isEqualTo(BackupLevel.INCREMENTAL);
        assertThat(s.parent()).isEqualTo(first.snapshotId());
        Path target = dir.resolve("restored");
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(inc.snapshotId()), new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesRestored()).isEqualTo(21);
        assertThat(Files.readString(target.resolve(src.toString().substring(1)).resolve("dir1/file1"))).isEqualTo("changed");
    }

    /** A local source listing as SFTP v3 does: whole-second times, no ctime, inode, device or link count. */
    private static Source listingLikeSftp() {
        return new ForwardingSource(new LocalSource()) {
            @Override
            public List<SourceEntry> list(String directory) throws IOException {
                return super.list(directory).stream().map(e -> new SourceEntry(e.name(), coarse(e.metadata()))).toList();
            }

            @Override
            public FileMetadata stat(String path) throws IOException {
                return coarse(super.stat(path));
            }

            @Override
            public boolean changedSince(String path, FileMetadata listed) throws IOException {
                FileMetadata now = stat(path);
                return now.size() != listed.size() || now.mtimeNanos() != listed.mtimeNanos();
            }
        };
    }

    private static FileMetadata coarse(FileMetadata m) {
        return new FileMetadata(m.type(), m.mode(), m.uid(), m.gid(), m.user(), m.group(), m.size(),
                m.mtimeNanos() / 1_000_000_000L * 1_000_000_000L, m.atimeNanos() / 1_000_000_000L * 1_000_000_000L,
                0, 0, 0, 1, m.rdev(), m.symlinkTarget(), m.xattrs());
    }

    @Test
    void aParentListedWithoutCtimeOrInodeIsComparedOnSizeAndTheWholeSecond() throws Exception {
        List<Path> files;
        try (var walk = Files.walk(src)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (int i = 0; i < files.size(); i++) {
            Files.setLastModifiedTime(files.get(i), FileTime.from(Instant.ofEpochSecond(1_700_000_000L + i, 500_000_000)));
        }
        BackupResult coarse = new Archiver(repo, listingLikeSftp()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        // listed again with nanoseconds, ctime and inode: only what differs in size or whole second is read
        EngineFixtures.write(src.resolve("dir1/file1"), "another size".getBytes());
        Path moved = src.resolve("dir2/file2");
        Files.setLastModifiedTime(moved, FileTime.from(Files.getLastModifiedTime(moved).toInstant().plusSeconds(1)));
        BackupResult fine = incremental(coarse);
        assertThat(fine.filesRead()).isEqualTo(2);
        assertThat(fine.filesUnchanged()).isEqualTo(18);
        // from then on the parent has ctime and inode: a change of ctime alone is a change
        Path chmodded = src.resolve("dir3/file3");
        Files.setPosixFilePermissions(chmodded, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        BackupResult exact = incremental(fine);
        assertThat(exact.filesRead()).isEqualTo(1);
        assertThat(exact.filesUnchanged()).isEqualTo(19);
    }

    @Test
    void anUnchangedRescanReadsNothingAndWritesNoNewBlobs() {
        BackupResult first = full();
        BackupResult again = incremental(first);
        assertThat(again.filesRead()).isZero();
        assertThat(again.bytesRead()).isZero();
        assertThat(again.filesUnchanged()).isEqualTo(20);
        assertThat(again.bytesNew()).isZero();
        assertThat(repo.loadSnapshot(again.snapshotId()).tree()).isEqualTo(repo.loadSnapshot(first.snapshotId()).tree());
    }

    @Test
    void aParentWhoseTreesCannotBeReadCostsRereadingNotTheBackup() throws Exception {
        BackupResult first = full();
        for (var index : storage.list(ObjectKind.INDEX)) { // the index is lost: the parent's trees cannot be found
            storage.delete(index.name());
        }
        repo = EngineFixtures.open(storage);
        EngineFixtures.write(src.resolve("dir1/file1"), "changed".getBytes());
        BackupResult inc = incremental(first);
        assertThat(inc.filesRead()).isEqualTo(20);
        assertThat(repo.loadSnapshot(inc.snapshotId()).parent()).isEqualTo(first.snapshotId());
        Path target = dir.resolve("restored-after-index-loss");
        RestoreResult r = new Restorer(EngineFixtures.open(storage)).restore(RestoreRequest.all(inc.snapshotId()),
                new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesRestored()).isEqualTo(20);
        assertThat(Files.readString(target.resolve(src.toString().substring(1)).resolve("dir1/file1"))).isEqualTo("changed");
    }

    @Test
    void levelsNameTheirParentAndFullHasNone() {
        assertThatThrownBy(() -> BackupRequest.full(List.of("/x"), "h").withParent(BackupLevel.DIFFERENTIAL, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileThatChangesWhileBeingReadIsFlagged() throws Exception {
        Path victim = src.resolve("dir0/file0");
        Source growing = new ForwardingSource(new LocalSource()) {
            @Override
            public ReadableByteChannel open(String path) throws IOException {
                if (path.equals(victim.toString())) {
                    Files.write(victim, "appended while reading".getBytes(), StandardOpenOption.APPEND);
                }
                return super.open(path);
            }
        };
        BackupResult r = new Archiver(repo, growing).backup(BackupRequest.full(List.of(src.toString()), "h"));
        assertThat(r.changedDuringRead()).containsExactly(victim.toString());
        assertThat(repo.loadSnapshot(r.snapshotId()).stats().filesChangedDuringRead()).isEqualTo(1);
    }

    /**
     * Small local files go to the workers in batches read one after the other: a file that cannot be opened
     * fails alone, and every other file of its batch, and of the batches around it, is stored intact.
     */
    @Test
    void aSmallFileThatCannotBeReadFailsAloneInsideItsBatch() throws Exception {
        Path many = dir.resolve("many");
        for (int i = 0; i < 150; i++) {
            EngineFixtures.write(many.resolve("d" + (i % 3)).resolve("f" + i), EngineFixtures.randomBytes(1 + 97 * i, 1000 + i));
        }
        EngineFixtures.write(many.resolve("big"), EngineFixtures.randomBytes(3 << 20, 7)); // read on the per-file path
        java.util.Set<String> refused = new java.util.TreeSet<>();
        for (int i = 0; i < 150; i += 11) {
            refused.add(many.resolve("d" + (i % 3)).resolve("f" + i).toString());
        }
        Source failing = new ForwardingSource(new LocalSource()) {
            @Override
            public ReadableByteChannel open(String path) throws IOException {
                if (refused.contains(path)) {
                    throw new java.nio.file.AccessDeniedException(path);
                }
                return super.open(path);
            }
        };
        BackupResult r = new Archiver(repo, failing).backup(BackupRequest.full(List.of(many.toString()), "h"));
        assertThat(r.errors()).extracting(FileError::path).containsExactlyInAnyOrderElementsOf(refused);
        assertThat(r.filesRead()).isEqualTo(151 - refused.size());

        Path target = dir.resolve("restored");
        RestoreResult restored = new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target));
        assertThat(restored.failed()).isEmpty();
        Path back = target.resolve(many.toString().substring(1));
        try (var files = Files.walk(many)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Path copy = back.resolve(many.relativize(p).toString());
                if (refused.contains(p.toString())) {
                    assertThat(copy).doesNotExist();
                } else {
                    assertThat(copy).hasSameBinaryContentAs(p);
                }
            }
        }
    }

    /**
     * A file whose name is not valid UTF-8 is backed up under its bytes, whatever the JVM's locale; one listed under
     * a name no bytes stand for (a lone surrogate, which no listing gives) fails alone, as unreadable, with the
     * reason: it once ended the whole backup with an unchecked exception.
     */
    @Test
    void aNameThatIsNotUtf8IsBackedUpAndOneNoBytesStandForFailsAlone() throws Exception {
        Path tree = dir.resolve("names");
        EngineFixtures.write(tree.resolve("ok.txt"), "fine".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        EngineFixtures.writeNamedByBytes(tree, "bad\\377.txt");
        String unencodable = tree + "/lone\uD800.txt";
        Source listingOneMore = new ForwardingSource(new LocalSource()) {
            @Override
            public List<SourceEntry> list(String directory) throws IOException {
                List<SourceEntry> entries = new java.util.ArrayList<>(super.list(directory));
                if (directory.equals(tree.toString())) {
                    entries.add(new SourceEntry("lone\uD800.txt", stat(tree.resolve("ok.txt").toString())));
                }
                return entries;
            }
        };

        BackupResult r = new Archiver(repo, listingOneMore).backup(BackupRequest.full(List.of(tree.toString()), "h"));

        assertThat(r.filesRead()).isEqualTo(2);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(FileError.Kind.UNREADABLE);
            assertThat(e.path()).isEqualTo(unencodable);
            assertThat(e.reason()).contains("cannot be encoded");
        });
    }

    @Test
    void aDryRunReportsWhatItWouldStoreAndWritesNothing() throws Exception {
        int objectsBefore = storage.list(ObjectKind.PACK).size() + storage.list(ObjectKind.INDEX).size()
                + storage.list(ObjectKind.SNAPSHOT).size();
        BackupResult dry = new Archiver(repo, new LocalSource())
                .backup(BackupRequest.full(List.of(src.toString()), "h").withDryRun(true));
        assertThat(dry.snapshotId()).isNull();
        assertThat(dry.filesRead()).isEqualTo(20);
        assertThat(dry.bytesNew()).isGreaterThan(400_000);
        assertThat(dry.bytesStored()).isGreaterThan(400_000);
        assertThat(storage.list(ObjectKind.PACK).size() + storage.list(ObjectKind.INDEX).size()
                + storage.list(ObjectKind.SNAPSHOT).size()).isEqualTo(objectsBefore);
        assertThat(storage.list(ObjectKind.LOCK)).isEmpty();
        BackupResult real = full();
        assertThat(real.bytesStored()).isBetween(dry.bytesStored() - 1000, dry.bytesStored() + 1000);
    }

    @Test
    void aCancelledBackupWritesNoSnapshotAndReleasesItsLock() throws Exception {
        Cancellation cancel = new Cancellation();
        List<Progress> seen = new CopyOnWriteArrayList<>();
        cancel.cancel();
        assertThatThrownBy(() -> new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h")
                .withCancellation(cancel).withProgress(seen::add))).isInstanceOf(CancelledException.class);
        assertThat(storage.list(ObjectKind.SNAPSHOT)).isEmpty();
        assertThat(storage.list(ObjectKind.LOCK)).isEmpty();
    }

    @Test
    void progressIsReportedWithFilesAndBytes() {
        List<Progress> seen = new CopyOnWriteArrayList<>();
        new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h").withProgress(seen::add));
        assertThat(seen).isNotEmpty();
        Progress last = seen.getLast();
        assertThat(last.filesDone()).isEqualTo(20);
        assertThat(last.bytesDone()).isEqualTo(last.bytesTotal());
        assertThat(last.scanComplete()).isTrue();
    }

    @Test
    void missingSourcePathsFailTheBackupNamingThemAll() {
        assertThatThrownBy(() -> new Archiver(repo, new LocalSource()).backup(BackupRequest.full(
                List.of(src.toString(), "/no/such/a", "/no/such/b"), "h")))
                .isInstanceOf(MissingSourcePathException.class).hasMessageContaining("/no/such/a").hasMessageContaining("/no/such/b");
    }

    @Test
    void excludedPathsAreLeftOut() throws Exception {
        String excluded = src.resolve("dir3").toString();
        BackupResult r = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h")
                .withExclude(p -> p.equals(excluded)));
        assertThat(r.filesScanned()).isEqualTo(15);
    }

    @Test
    void aStreamIsStoredAsOneFileWithoutTemporaryFilesAndRestoresBitExact() throws Exception {
        byte[] dump = EngineFixtures.randomBytes(3_000_000, 5);
        InputStream in = new ByteArrayInputStream(dump);
        BackupResult r = new Archiver(repo, new LocalSource()).backupStream(StreamBackupRequest.of("/databases/app.pgdump", "db-host"), in);
        assertThat(r.bytesRead()).isEqualTo(dump.length);
        Path target = dir.resolve("stream-restore");
        RestoreResult rr = new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target));
        assertThat(rr.failed()).isEmpty();
        assertThat(Files.readAllBytes(target.resolve("databases/app.pgdump"))).isEqualTo(dump);
        assertThat(repo.loadSnapshot(r.snapshotId()).paths()).containsExactly("/databases/app.pgdump");
    }

    @Test
    void aFailingStreamWritesNoSnapshot() {
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (++n > 100_000) {
                    throw new IOException("pg_dump died");
                }
                return n & 0xFF;
            }
        };
        assertThatThrownBy(() -> new Archiver(repo, new LocalSource()).backupStream(StreamBackupRequest.of("/db.dump", "h"), broken))
                .hasMessageContaining("pg_dump died");
        assertThat(storage.list(ObjectKind.SNAPSHOT)).isEmpty();
    }
}
