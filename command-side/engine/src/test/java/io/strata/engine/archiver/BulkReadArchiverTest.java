package io.strata.engine.archiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.BulkVisitor;
import io.strata.engine.source.ReadStamp;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups from a source that reads many files through one stream: which files go in batches, how
 * a batch's vanished, changed and unreached files are reported, and that the snapshot restores.
 */
class BulkReadArchiverTest {
    @TempDir
    Path dir;
    Path src;
    Repository repo;

    @BeforeEach
    void setUp() {
        src = dir.resolve("src");
        repo = EngineFixtures.init(new MemoryStorage());
        for (int i = 0; i < 300; i++) {
            EngineFixtures.write(src.resolve("d" + (i % 7)).resolve("f" + i), EngineFixtures.randomBytes(i * 3, i));
        }
        EngineFixtures.write(src.resolve("big/at-limit"), EngineFixtures.randomBytes((int) Archiver.BULK_MAX_FILE_SIZE, 1));
        EngineFixtures.write(src.resolve("big/over-limit"), EngineFixtures.randomBytes((int) Archiver.BULK_MAX_FILE_SIZE + 1, 2));
    }

    /** The local file system behind a bulk-reading face; subclasses change what readMany does. */
    static class BulkLocal implements Source {
        final LocalSource local = new LocalSource();
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> opened = new CopyOnWriteArrayList<>();

        @Override
        public FileMetadata stat(String path) throws IOException {
            return local.stat(path);
        }

        @Override
        public List<SourceEntry> list(String directory) throws IOException {
            return local.list(directory);
        }

        @Override
        public List<Xattr> xattrs(String path) throws IOException {
            return local.xattrs(path);
        }

        @Override
        public ReadableByteChannel open(String path) throws IOException {
            opened.add(path);
            return local.open(path);
        }

        final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public int bulkReadStreams() {
            asked.incrementAndGet();
            return 2;
        }

        @Override
        public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
            batches.add(List.copyOf(paths));
            for (String p : paths) {
                FileMetadata m;
                try {
                    m = local.stat(p);
                } catch (IOException e) {
                    visitor.failed(p, e);
                    continue;
                }
                try (ReadableByteChannel ch = local.open(p)) {
                    visitor.file(p, new ReadStamp(m.size(), m.mtimeNanos()), ch);
                }
            }
        }

        /** What a source gets without its own readMany: open each file, no stamp. */
        void readOneByOne(List<String> paths, BulkVisitor visitor) throws IOException {
            Source.super.readMany(paths, visitor);
        }

        @Override
        public String describe() {
            return "bulk-local";
        }
    }

    private BackupResult backup(Source source) {
        return new Archiver(repo, source).backup(BackupRequest.full(List.of(src.toString()), "h").withWorkers(4));
    }

    @Test
    void smallFilesAreReadInBoundedBatchesAndLargeOnesOneByOne() throws Exception {
        for (int i = 0; i < Archiver.BULK_MAX_FILES; i++) {
            EngineFixtures.write(src.resolve("many/m" + i), new byte[] {(byte) i});
        }
        BulkLocal source = new BulkLocal();
        BackupResult r = backup(source);
        assertThat(r.errors()).isEmpty();
        assertThat(r.changedDuringRead()).isEmpty();
        assertThat(r.filesRead()).isEqualTo(302 + Archiver.BULK_MAX_FILES);
        List<String> batched = source.batches.stream().flatMap(List::stream).toList();
        assertThat(batched).hasSize(301 + Archiver.BULK_MAX_FILES).doesNotHaveDuplicates().contains(src + "/big/at-limit");
        assertThat(source.batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(Archiver.BULK_MAX_FILES));
        assertThat(source.batches.size()).isGreaterThanOrEqualTo(2);
        assertThat(source.opened).containsExactly(src + "/big/over-limit");

        Path target = dir.resolve("restored");
        RestoreResult restored = new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target));
        assertThat(restored.failed()).isEmpty();
        Path copy = target.resolve(src.toString().substring(1));
        for (String p : List.of("d3/f3", "d0/f294", "big/at-limit", "big/over-limit", "d0/f0")) {
            assertThat(Files.readAllBytes(copy.resolve(p))).as(p).isEqualTo(Files.readAllBytes(src.resolve(p)));
        }
    }

    /** A file over the limit that the source asks to read in a batch (e.g. one mostly holes) goes in one. */
    @Test
    void aLargeFileTheSourceAsksForIsReadInABatch() throws Exception {
        String overLimit = src + "/big/over-limit";
        List<String> askedFor = new CopyOnWriteArrayList<>();
        BulkLocal source = new BulkLocal() {
            @Override
            public boolean readInBatch(String path, FileMetadata listed) {
                askedFor.add(path);
                return path.equals(overLimit);
            }
        };
        BackupResult r = backup(source);
        assertThat(r.errors()).isEmpty();
        assertThat(source.batches.stream().flatMap(List::stream)).contains(overLimit, src + "/big/at-limit");
        assertThat(source.opened).isEmpty();
        assertThat(askedFor).containsExactly(overLimit); // asked only of files over the limit
        Path target = dir.resolve("restored-large");
        assertThat(new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target)).failed()).isEmpty();
        assertThat(Files.readAllBytes(target.resolve(overLimit.substring(1)))).isEqualTo(Files.readAllBytes(Path.of(overLimit)));
    }

    /** Finding out how to read in bulk may cost a remote server a login: a backup that reads nothing does not ask. */
    @Test
    void aBackupThatReadsNoFileNeverAsksHowToReadInBulk() throws Exception {
        BackupResult full = backup(new BulkLocal());
        BulkLocal source = new BulkLocal();
        BackupResult rescan = new Archiver(repo, source).backup(BackupRequest.full(List.of(src.toString()), "h")
                .withParent(io.strata.engine.snapshot.BackupLevel.INCREMENTAL, full.snapshotId()).withWorkers(4));
        assertThat(rescan.errors()).isEmpty();
        assertThat(rescan.filesRead()).isZero();
        assertThat(source.asked).hasValue(0);
        assertThat(source.batches).isEmpty();

        EngineFixtures.write(src.resolve("d3/f3"), EngineFixtures.randomBytes(77, 99));
        BulkLocal again = new BulkLocal();
        BackupResult changed = new Archiver(repo, again).backup(BackupRequest.full(List.of(src.toString()), "h")
                .withParent(io.strata.engine.snapshot.BackupLevel.INCREMENTAL, rescan.snapshotId()).withWorkers(4));
        assertThat(changed.filesRead()).isEqualTo(1);
        assertThat(again.asked).hasValue(1);
        assertThat(again.batches).containsExactly(List.of(src + "/d3/f3"));
    }

    @Test
    void aFileThatVanishedIsAnErrorForThatPathOnly() {
        Path gone = src.resolve("d2/f2");
        BulkLocal source = new BulkLocal() {
            @Override
            public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
                if (paths.contains(gone.toString())) {
                    try {
                        Files.delete(gone);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                super.readMany(paths, visitor);
            }
        };
        BackupResult r = backup(source);
        assertThat(r.errors()).containsExactly(new FileError(gone.toString(), FileError.Kind.VANISHED, "vanished before it could be read"));
        assertThat(r.filesRead()).isEqualTo(301);
        assertThat(r.snapshotId()).isNotNull();
    }

    @Test
    void aStampUnlikeTheListingOrALaterReportFlagsTheFile() {
        String grown = src + "/d4/f4";
        String reported = src + "/d5/f5";
        BulkLocal source = new BulkLocal() {
            @Override
            public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
                for (String p : paths) {
                    FileMetadata m = local.stat(p);
                    long size = p.equals(grown) ? m.size() + 1 : m.size();
                    try (ReadableByteChannel ch = local.open(p)) {
                        visitor.file(p, new ReadStamp(size, m.mtimeNanos()), ch);
                    }
                }
                if (paths.contains(reported)) {
                    visitor.changedWhileRead(reported);
                }
            }
        };
        BackupResult r = backup(source);
        assertThat(r.changedDuringRead()).containsExactlyInAnyOrder(grown, reported);
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void aBrokenStreamFailsTheFileInProgressAndTheRestAreReadOneByOne() {
        String broken = src + "/d6/f6";
        BulkLocal source = new BulkLocal() {
            @Override
            public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
                batches.add(List.copyOf(paths));
                for (String p : paths) {
                    if (p.equals(broken)) {
                        visitor.file(p, null, new ReadableByteChannel() {
                            @Override
                            public int read(ByteBuffer dst) throws IOException {
                                throw new IOException("connection lost");
                            }

                            @Override
                            public boolean isOpen() {
                                return true;
                            }

                            @Override
                            public void close() {
                            }
                        });
                    }
                    try (ReadableByteChannel ch = local.open(p)) {
                        visitor.file(p, null, ch);
                    }
                }
            }
        };
        BackupResult r = backup(source);
        assertThat(r.errors()).containsExactly(new FileError(broken, FileError.Kind.UNREADABLE, "cannot read: connection lost"));
        assertThat(r.filesRead()).isEqualTo(301);
        List<String> batchOfBroken = source.batches.stream().filter(b -> b.contains(broken)).findFirst().orElseThrow();
        List<String> after = batchOfBroken.subList(batchOfBroken.indexOf(broken) + 1, batchOfBroken.size());
        assertThat(source.opened).containsAll(after);
        assertThat(Set.copyOf(source.opened)).doesNotContainAnyElementsOf(batchOfBroken.subList(0, batchOfBroken.indexOf(broken)));
    }

    @Test
    void theDefaultReadManyOpensEachFileAndStatsItAfterwards() {
        List<String> stats = new CopyOnWriteArrayList<>();
        BulkLocal source = new BulkLocal() {
            @Override
            public FileMetadata stat(String path) throws IOException {
                stats.add(path);
                return super.stat(path);
            }

            @Override
            public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
                batches.add(List.copyOf(paths));
                readOneByOne(paths, visitor);
            }
        };
        BackupResult r = backup(source);
        assertThat(r.errors()).isEmpty();
        assertThat(r.changedDuringRead()).isEmpty();
        assertThat(source.opened).hasSize(302);
        List<String> batched = new ArrayList<>(source.batches.stream().flatMap(List::stream).toList());
        assertThat(stats).containsAll(batched); // no stamp: each file is stat'ed after it is read
        assertThat(r.filesRead()).isEqualTo(302);
    }
}
