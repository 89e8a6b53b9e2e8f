package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many workers, as an output that waits on a network asks for: directory metadata is applied on several of
 * them at once, a directory's only after everything below it; files of several blobs are held a few at a time
 * whatever the workers; spans shrink as workers grow, and a few small files still go to several workers.
 */
class RestoreConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void directoryMetadataGoesOnSeveralWorkersAndADirectoryAfterEverythingBelowIt() throws Exception {
        Path src = dir.resolve("src");
        for (int d = 0; d < 6; d++) {
            for (int s = 0; s < 3; s++) {
                EngineFixtures.write(src.resolve("d" + d + "/s" + s + "/f"), EngineFixtures.randomBytes(100, d * 10 + s));
                Files.setLastModifiedTime(src.resolve("d" + d + "/s" + s), FileTime.fromMillis(1_000_000L * (d * 10 + s)));
            }
            Files.setLastModifiedTime(src.resolve("d" + d), FileTime.fromMillis(1_000_000_000L + d));
        }
        Repository repo = EngineFixtures.init(new MemoryStorage());
        BackupResult backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        Path target = dir.resolve("target");
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch secondStarted = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        boolean[] overlapped = new boolean[1];
        Output watched = new Delegating(new LocalOutput(target)) {
            @Override
            public void applyMetadata(String path, FileMetadata meta) throws IOException {
                if (meta.type() == FileType.DIRECTORY) {
                    int n = started.incrementAndGet();
                    if (n == 1) { // the first waits for a second to start: only parallel workers get one going
                        try {
                            overlapped[0] = secondStarted.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else if (n == 2) {
                        secondStarted.countDown();
                    }
                    order.add(path);
                }
                super.applyMetadata(path, meta);
            }
        };

        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(8), watched);

        assertThat(r.failed()).isEmpty();
        assertThat(overlapped[0]).as("a second directory's metadata started while the first's was applied").isTrue();
        for (int i = 0; i < order.size(); i++) {
            String directory = order.get(i);
            for (String later : order.subList(i + 1, order.size())) {
                assertThat(later).as("applied after " + directory).doesNotStartWith(directory + "/");
            }
        }
        String restoredSrc = src.toString().substring(1);
        for (int d = 0; d < 6; d++) {
            assertThat(Files.getLastModifiedTime(target.resolve(restoredSrc).resolve("d" + d)).toMillis())
                    .isEqualTo(1_000_000_000L + d);
            for (int s = 0; s < 3; s++) {
                assertThat(Files.getLastModifiedTime(target.resolve(restoredSrc).resolve("d" + d + "/s" + s)).toMillis())
                        .isEqualTo(1_000_000L * (d * 10 + s));
            }
        }
    }

    @Test
    void filesOfSeveralBlobsOrOfOneOverHalfASpanAreHeldAFewAtATimeWhateverTheWorkers() throws Exception {
        Path src = dir.resolve("big");
        for (int i = 0; i < 10; i++) {
            EngineFixtures.write(src.resolve("f" + i), EngineFixtures.randomBytes(3 << 20, i)); // 3 MiB: several chunks
        }
        for (int i = 0; i < 10; i++) { // one blob each (the chunker's minimum is 512 KiB), over half a 1 MiB span
            EngineFixtures.write(src.resolve("g" + i), EngineFixtures.randomBytes(520 << 10, 100 + i));
        }
        Repository repo = EngineFixtures.init(new MemoryStorage());
        BackupResult backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Output watched = new Delegating(new LocalOutput(dir.resolve("target"))) {
            @Override
            public OutputFile createFile(String path, FileMetadata meta) throws IOException {
                OutputFile f = super.createFile(path, meta);
                most.accumulateAndGet(open.incrementAndGet(), Math::max);
                return new OutputFile() {
                    @Override
                    public void write(long offset, byte[] data, int off, int len) throws IOException {
                        try {
                            Thread.sleep(20); // a slow link: files overlap
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        f.write(offset, data, off, len);
                    }

                    @Override
                    public void finish(long size) throws IOException {
                        f.finish(size);
                    }

                    @Override
                    public void commit() throws IOException {
                        f.commit();
                    }

                    @Override
                    public void close() throws IOException {
                        open.decrementAndGet();
                        f.close();
                    }
                };
            }
        };

        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(16), watched);

        assertThat(Restorer.spanLimit(16)).isEqualTo(1 << 20);
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesVerified()).isEqualTo(20);
        assertThat(most.get()).isBetween(2, Restorer.LARGE_FILES_AT_ONCE);
    }

    @Test
    void aFewSmallFilesOfOnePackAreWrittenOnSeveralWorkers() throws Exception {
        Path src = dir.resolve("small");
        for (int i = 0; i < 40; i++) {
            EngineFixtures.write(src.resolve("f" + i), EngineFixtures.randomBytes(2048, i));
        }
        Repository repo = EngineFixtures.init(new MemoryStorage());
        BackupResult backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(src.toString()), "h"));
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Output watched = new Delegating(new LocalOutput(dir.resolve("target"))) {
            @Override
            public OutputFile createFile(String path, FileMetadata meta) throws IOException {
                most.accumulateAndGet(open.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(20); // a round trip
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    open.decrementAndGet();
                }
                return super.createFile(path, meta);
            }
        };

        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withWorkers(8), watched);

        assertThat(r.failed()).isEmpty();
        assertThat(r.filesVerified()).isEqualTo(40);
        assertThat(most.get()).as("files in flight at once").isGreaterThan(1);
    }

    @Test
    void spansShrinkAsWorkersGrowDownToTheirFloor() {
        assertThat(Restorer.spanLimit(RestoreRequest.DEFAULT_WORKERS)).isEqualTo(Restorer.MAX_SPAN);
        assertThat(Restorer.spanLimit(16)).isEqualTo(Restorer.SPANS_IN_MEMORY / 16);
        assertThat(Restorer.spanLimit(64)).isEqualTo(Restorer.MIN_SPAN);
        assertThat(Restorer.spanLimit(1)).isEqualTo(Restorer.MAX_SPAN);
    }

    /** Passes every call to another output. */
    private static class Delegating implements Output {
        private final Output inner;

        Delegating(Output inner) {
            this.inner = inner;
        }

        @Override
        public void createDirectory(String path) throws IOException {
            inner.createDirectory(path);
        }

        @Override
        public OutputFile createFile(String path, FileMetadata meta) throws IOException {
            return inner.createFile(path, meta);
        }

        @Override
        public void createSymlink(String path, String target) throws IOException {
            inner.createSymlink(path, target);
        }

        @Override
        public void createHardLink(String path, String existingPath) throws IOException {
            inner.createHardLink(path, existingPath);
        }

        @Override
        public void createSpecial(String path, FileMetadata meta) throws IOException {
            inner.createSpecial(path, meta);
        }

        @Override
        public void applyMetadata(String path, FileMetadata meta) throws IOException {
            inner.applyMetadata(path, meta);
        }

        @Override
        public long ownersNotApplied() {
            return inner.ownersNotApplied();
        }

        @Override
        public String describe() {
            return inner.describe();
        }
    }
}
