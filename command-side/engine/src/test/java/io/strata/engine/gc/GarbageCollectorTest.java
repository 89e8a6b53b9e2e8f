package io.strata.engine.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.EngineFixtures;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.checker.Checker;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryLockedException;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.ForwardingSource;
import io.strata.engine.source.Source;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.ObjectKind;
import io.strata.engine.storage.fault.FaultInjectingStorage;
import io.strata.engine.storage.memory.MemoryStorage;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GC reclaims space without losing live data; it never runs beside a backup; crashes and concurrency are safe. */
class GarbageCollectorTest {
    @TempDir
    Path dir;
    MemoryStorage storage;
    Repository repo;

    @BeforeEach
    void setUp() {
        storage = new MemoryStorage();
        repo = EngineFixtures.init(storage);
    }

    private Path tree(String name, int files, long seed) {
        Path p = dir.resolve(name);
        for (int i = 0; i < files; i++) {
            EngineFixtures.write(p.resolve("f" + i), EngineFixtures.randomBytes(100_000, seed + i));
        }
        return p;
    }

    private BackupResult backup(Repository r, Source source, Path p) {
        return new Archiver(r, source).backup(BackupRequest.full(List.of(p.toString()), "h"));
    }

    private long packBytes() throws Exception {
        return storage.list(ObjectKind.PACK).stream().mapToLong(o -> o.size()).sum();
    }

    @Test
    void forgettingASnapshotAndCollectingFreesItsDataAndKeepsTheRest() throws Exception {
        Path a = tree("a", 30, 0);
        Path b = tree("b", 30, 1000);
        BackupResult keep = backup(repo, new LocalSource(), a);
        BackupResult drop = backup(repo, new LocalSource(), b);
        long before = packBytes();
        repo.deleteSnapshot(drop.snapshotId());
        GcResult r = new GarbageCollector(repo).collect();
        assertThat(r.packsDeleted() + r.packsRewritten()).isPositive();
        assertThat(packBytes()).isLessThan(before * 6 / 10);
        Repository fresh = EngineFixtures.open(storage);
        assertThat(new Checker(fresh).check(true).ok()).isTrue();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(keep.snapshotId()), new LocalOutput(dir.resolve("r")))
                .failed()).isEmpty();
        assertThat(storage.list(ObjectKind.LOCK)).isEmpty();
    }

    @Test
    void mostlyDeadPacksAreRewrittenAndLiveBlobsSurvive() throws Exception {
        Path mixed = dir.resolve("mixed");
        for (int i = 0; i < 20; i++) {
            EngineFixtures.write(mixed.resolve("f" + i), EngineFixtures.randomBytes(100_000, 5000 + i));
        }
        BackupResult all = backup(repo, new LocalSource(), mixed);
        for (int i = 1; i < 20; i++) {
            java.nio.file.Files.delete(mixed.resolve("f" + i));
        }
        BackupResult one = backup(repo, new LocalSource(), mixed);
        repo.deleteSnapshot(all.snapshotId());
        GcResult r = new GarbageCollector(repo).collect();
        assertThat(r.packsRewritten() + r.packsDeleted()).isPositive();
        Repository fresh = EngineFixtures.open(storage);
        assertThat(new Checker(fresh).check(true).ok()).isTrue();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(one.snapshotId()), new LocalOutput(dir.resolve("r1")))
                .failed()).isEmpty();
        assertThat(packBytes()).isLessThan(400_000);
    }

    @Test
    void packsTheStorageKeepsImmutableAreKeptAndReportedThenDeletedOnceReleased() throws Exception {
        FaultInjectingStorage worm = new FaultInjectingStorage(storage);
        Repository r = EngineFixtures.open(worm);
        BackupResult keep = keepOneForgetOne(r);
        long before = packBytes();
        worm.lockAgainstDeletion(n -> n.kind() == ObjectKind.PACK, java.time.Instant.parse("2030-01-01T00:00:00Z"));

        GcResult held = new GarbageCollector(r).collect();

        assertThat(held.packsLocked()).isPositive();
        assertThat(held.bytesLocked()).isGreaterThan(2_000_000); // b's 3 MB of random data
        assertThat(held.packsDeleted() + held.packsRewritten()).isZero();
        assertThat(packBytes()).isEqualTo(before);
        assertIntactWith(keep);

        worm.lockAgainstDeletion(n -> false, null);
        GcResult released = new GarbageCollector(r).collect();

        assertThat(released.packsLocked()).isZero();
        assertThat(released.packsDeleted() + released.packsRewritten()).isPositive();
        assertThat(packBytes()).isLessThan(before * 6 / 10);
        assertThat(new Checker(EngineFixtures.open(storage)).check(true).ok()).isTrue();
    }

    @Test
    void anOldIndexTheStorageKeepsHoldsThePacksItListsSoNoIndexNamesAMissingPack() throws Exception {
        FaultInjectingStorage worm = new FaultInjectingStorage(storage);
        Repository r = EngineFixtures.open(worm);
        BackupResult keep = keepOneForgetOne(r);
        long before = packBytes();
        worm.lockAgainstDeletion(n -> n.kind() == ObjectKind.INDEX, null);

        GcResult held = new GarbageCollector(r).collect();

        assertThat(held.indexObjectsLocked()).isPositive();
        assertThat(held.packsLocked()).isPositive();
        assertThat(packBytes()).isEqualTo(before);
        assertIntactWith(keep);
    }

    /** Backs up two trees of 3 MB each and forgets the second; returns the first. */
    private BackupResult keepOneForgetOne(Repository r) {
        BackupResult keep = backup(r, new LocalSource(), tree("a", 30, 0));
        BackupResult drop = backup(r, new LocalSource(), tree("b", 30, 1000));
        r.deleteSnapshot(drop.snapshotId());
        return keep;
    }

    /** The stored repository checks clean with its data read and restores the snapshot without a failed file. */
    private void assertIntactWith(BackupResult kept) {
        Repository fresh = EngineFixtures.open(storage);
        assertThat(new Checker(fresh).check(true).ok()).isTrue();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(kept.snapshotId()), new LocalOutput(dir.resolve("r")))
                .failed()).isEmpty();
    }

    /** A source that blocks inside the first file read until released: a backup caught mid-run. */
    private static final class PausingSource extends ForwardingSource {
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        PausingSource() {
            super(new LocalSource());
        }

        @Override
        public ReadableByteChannel open(String path) throws IOException {
            reading.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return super.open(path);
        }
    }

    @Test
    void gcIsRefusedWhileABackupRunsAndTheBackupCommitsIntactAfterwards() throws Exception {
        Path a = tree("a", 10, 0);
        BackupResult old = backup(repo, new LocalSource(), a);
        repo.deleteSnapshot(old.snapshotId()); // all of a's data is now garbage, which the running backup will reuse
        PausingSource pausing = new PausingSource();
        Repository other = EngineFixtures.open(storage);
        CompletableFuture<BackupResult> running = CompletableFuture.supplyAsync(() -> backup(other, pausing, a));
        assertThat(pausing.reading.await(30, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> new GarbageCollector(EngineFixtures.open(storage)).collect())
                .isInstanceOf(RepositoryLockedException.class).hasMessageContaining("backup");
        pausing.release.countDown();
        BackupResult done = running.get(60, TimeUnit.SECONDS);
        new GarbageCollector(EngineFixtures.open(storage)).collect();
        Repository fresh = EngineFixtures.open(storage);
        assertThat(new Checker(fresh).check(true).ok()).isTrue();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(done.snapshotId()), new LocalOutput(dir.resolve("r")))
                .failed()).isEmpty();
    }

    @Test
    void twoBackupsIntoOneRepositoryAtOnceBothCommit() throws Exception {
        Path a = tree("a", 15, 0);
        Path b = tree("b", 15, 100);
        CompletableFuture<BackupResult> x = CompletableFuture.supplyAsync(() -> backup(EngineFixtures.open(storage), new LocalSource(), a));
        CompletableFuture<BackupResult> y = CompletableFuture.supplyAsync(() -> backup(EngineFixtures.open(storage), new LocalSource(), b));
        BackupResult rx = x.get(60, TimeUnit.SECONDS);
        BackupResult ry = y.get(60, TimeUnit.SECONDS);
        Repository fresh = EngineFixtures.open(storage);
        assertThat(fresh.snapshots()).hasSize(2);
        assertThat(new Checker(fresh).check(true).ok()).isTrue();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(rx.snapshotId()), new LocalOutput(dir.resolve("rx"))).failed()).isEmpty();
        assertThat(new Restorer(fresh).restore(RestoreRequest.all(ry.snapshotId()), new LocalOutput(dir.resolve("ry"))).failed()).isEmpty();
    }

    @Test
    void aBackupKilledHalfwayLeavesARepositoryWhereTheNextBackupAndCheckSucceed() throws Exception {
        Path a = tree("a", 40, 0);
        FaultInjectingStorage dying = new FaultInjectingStorage(storage);
        Repository r = Repository.open(dying, EngineFixtures.PASSWORD, EngineFixtures.options());
        dying.crashAfterPuts(2); // the lock and one pack get out, then the process "dies"
        assertThatThrownBy(() -> backup(r, new LocalSource(), a)).isInstanceOf(RuntimeException.class);
        assertThat(storage.list(ObjectKind.SNAPSHOT)).isEmpty();
        assertThat(storage.list(ObjectKind.PACK)).isNotEmpty();
        // the dead process's lock stays behind until it goes stale; a later run (2 h on) ignores it
        java.time.Clock later = java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofHours(2));
        Repository next = Repository.open(storage, EngineFixtures.PASSWORD, EngineFixtures.options().withClock(later));
        BackupResult ok = backup(next, new LocalSource(), a);
        assertThat(new Checker(next).check(true).ok()).isTrue();
        GcResult gc = new GarbageCollector(next).collect();
        assertThat(gc.packsDeleted()).isPositive(); // the dead run's unindexed pack
        assertThat(new Checker(EngineFixtures.open(storage)).check(true).warnings()).isEmpty();
        assertThat(new Restorer(EngineFixtures.open(storage)).restore(RestoreRequest.all(ok.snapshotId()),
                new LocalOutput(dir.resolve("r"))).failed()).isEmpty();
    }
}
