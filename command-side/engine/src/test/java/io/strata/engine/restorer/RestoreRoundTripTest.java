package io.strata.engine.restorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SystemXattrs;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Repository;
import io.strata.engine.source.local.LocalSource;
import io.strata.engine.storage.memory.MemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tree of edge cases backed up and restored: content bit-exact (SHA-256), and metadata: modes with
 * setuid/setgid/sticky, owners, nanosecond mtimes, symlinks (dangling too), hard links, empty,
 * sparse and special files, xattrs, long/unicode names, deep nesting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreRoundTripTest {
    @TempDir
    static Path dir;
    Path source;
    Repository repo;
    BackupResult backup;
    EdgeCaseTree tree;

    @BeforeAll
    void backUpTheEdgeCases() throws Exception {
        source = dir.resolve("src");
        tree = EdgeCaseTree.create(source);
        repo = EngineFixtures.init(new MemoryStorage());
        backup = new Archiver(repo, new LocalSource()).backup(BackupRequest.full(List.of(source.toString()), "test-host"));
        assertThat(backup.errors()).isEmpty();
    }

    private Path restoreAll(String name) {
        Path target = dir.resolve(name);
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()), new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesVerified()).isEqualTo(r.filesRestored());
        return target.resolve(source.toString().substring(1));
    }

    /** The output the platform restores LOCAL targets with (paths reached without following links) gives the same. */
    @Test
    void theConfinedOutputRestoresEveryEntryIdentically() throws Exception {
        Path target = Files.createDirectories(dir.resolve("restore-confined"));
        RestoreResult r;
        try (LocalOutput out = LocalOutput.confined(target)) {
            r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()), out);
        }
        assertThat(r.failed()).isEmpty();
        assertThat(r.filesVerified()).isEqualTo(r.filesRestored());
        assertThat(TreeComparison.describe(target.resolve(source.toString().substring(1))))
                .isEqualTo(TreeComparison.describe(source));
    }

    @Test
    void everyEntryComesBackIdenticalInContentAndMetadata() {
        Path restored = restoreAll("restore-all");
        Map<String, String> expected = TreeComparison.describe(source);
        Map<String, String> actual = TreeComparison.describe(restored);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.get("modes/setuid")).startsWith("mode=104755");
        assertThat(expected.get("modes/sticky-dir")).startsWith("mode=41777");
        assertThat(expected.get("fifo")).startsWith("mode=10");
        assertThat(expected.get("dangling-link")).contains("-> /nonexistent/target");
        assertThat(actual.get("links/hardlink-b")).contains("link=");
        assertThat(expected.get("caf\uDCE9.txt")).contains("size=5");
        assertThat(expected.get("l\uDCE9nk")).contains("-> t\uDCFFrget");
        assertThat(expected).containsKeys("d\uDCE9j\uDCE0/inside\uDCFF", "f\uDCE9fo");
    }

    /**
     * Names that are not UTF-8 come back as the bytes they were, through either output, as find(1) lists them (no
     * Java string in between): names are bytes whatever the JVM's locale.
     */
    @Test
    void namesThatAreNotUtf8ComeBackAsTheirBytes() throws Exception {
        Path byName = restoreAll("restore-names");
        Path confinedTarget = Files.createDirectories(dir.resolve("restore-names-confined"));
        try (LocalOutput out = LocalOutput.confined(confinedTarget)) {
            assertThat(new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()), out).failed()).isEmpty();
        }
        List<String> expected = TreeComparison.namesAndTargets(source);
        assertThat(expected).contains("./caf\u00e9.txt", "./d\u00e9j\u00e0/inside\u00ff", "./l\u00e9nk -> t\u00ffrget");
        assertThat(TreeComparison.namesAndTargets(byName)).isEqualTo(expected);
        assertThat(TreeComparison.namesAndTargets(confinedTarget.resolve(source.toString().substring(1)))).isEqualTo(expected);
    }

    @Test
    void extendedAttributesAreRestored() {
        assertThat(tree.xattrsSupported).as("the file system under java.io.tmpdir must accept user xattrs"
                + " (ext4, xfs, btrfs; tmpfs from Linux 6.6): run the tests with -Djava.io.tmpdir on such a file system")
                .isTrue();
        Path restored = restoreAll("restore-xattrs");
        Map<String, String> described = TreeComparison.describe(restored);
        assertThat(described.get("with-xattrs")).contains("xattr:user.comment=", "xattr:user.binary=000102ff");
        // namespaces java.nio cannot reach: POSIX ACLs, and trusted.* as root
        assertThat(described.get("acl-file")).contains("xattr:system.posix_acl_access=02000000");
        assertThat(described.get("acl-dir")).contains("xattr:system.posix_acl_default=02000000");
        if (SystemXattrs.root()) { // trusted.*, on a symlink and a FIFO too, which are never opened for them
            assertThat(described.get("with-xattrs")).contains("xattr:trusted.strata=");
            assertThat(described.get("link-to-plain")).contains("xattr:trusted.link=");
            assertThat(described.get("fifo")).contains("xattr:trusted.fifo=00");
        }
    }

    @Test
    void sparseFilesAreRestoredSparse() throws Exception {
        Path restored = restoreAll("restore-sparse");
        Path img = restored.resolve("sparse.img");
        assertThat(Files.size(img)).isEqualTo(40L * 1024 * 1024 + 3);
        assertThat(TreeComparison.allocatedBlocks(img) * 512).isLessThan(1024L * 1024);
    }

    @Test
    void selectedPathsRestoreOnlyThemAndTheirParents() throws Exception {
        Path target = dir.resolve("restore-some");
        String wanted = source.resolve("modes").toString();
        RestoreResult r = new Restorer(repo).restore(RestoreRequest.all(backup.snapshotId()).withIncludes(List.of(wanted)),
                new LocalOutput(target));
        assertThat(r.failed()).isEmpty();
        Path restored = target.resolve(source.toString().substring(1));
        assertThat(restored.resolve("modes/setuid")).exists();
        assertThat(restored.resolve("plain.txt")).doesNotExist();
        assertThat(r.filesRestored()).isEqualTo(3);
    }

    @Test
    void duplicatesAndTheInsertedByteDeduplicate() {
        // 3 MiB random, an identical copy (free) and a copy with one inserted byte (shares chunks);
        // zeros compress to almost nothing: the stored total stays far below two copies of the random file
        assertThat(backup.bytesStored()).isLessThan(6L * 1024 * 1024);
        io.strata.engine.tree.Tree root = repo.loadTree(repo.loadSnapshot(backup.snapshotId()).tree());
        io.strata.engine.tree.Tree t = root;
        for (String c : io.strata.engine.source.SourcePaths.components(source.toString())) {
            t = repo.loadTree(t.find(c).orElseThrow().subtree());
        }
        List<io.strata.engine.blob.BlobId> original = t.find("big-random.bin").orElseThrow().content();
        List<io.strata.engine.blob.BlobId> inserted = t.find("big-with-one-byte-inserted.bin").orElseThrow().content();
        assertThat(original.size()).isGreaterThan(1);
        assertThat(inserted).containsAnyElementsOf(original);
    }
}
