package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.archiver.FileError;
import io.strata.engine.crypto.ScryptParameters;
import io.strata.engine.output.local.LocalOutput;
import io.strata.engine.repository.Credentials;
import io.strata.engine.repository.Repository;
import io.strata.engine.repository.RepositoryOptions;
import io.strata.engine.restorer.RestoreRequest;
import io.strata.engine.restorer.RestoreResult;
import io.strata.engine.restorer.Restorer;
import io.strata.engine.source.BulkVisitor;
import io.strata.engine.source.ForwardingSource;
import io.strata.engine.source.ListingAhead;
import io.strata.engine.source.ReadStamp;
import io.strata.engine.source.Source;
import io.strata.engine.storage.local.LocalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups that read small files through the server's tar: awkward names and deep paths come back
 * byte for byte, a vanished file is an error for that path only, changed files are flagged, and a
 * server without commands is read over SFTP.
 */
class TarStreamBackupTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer SFTP_ONLY = MinaSshServer.sftpOnly();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();
    static final String DEEP = "a-directory-name-of-forty-characters-xyz/".repeat(6) + "y".repeat(200);

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() throws IOException {
        OPENSSH.authorize(KEY);
        SFTP_ONLY.authorize(KEY);
        MINA.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    /** Names tar headers must carry: spaces, UTF-8, a newline, 255 bytes, paths far over 100 bytes, a leading dash. */
    static Path awkwardTree(String name) throws IOException {
        Path root = tmp.resolve(name);
        Random rnd = new Random(5);
        Map<String, Integer> files = new TreeMap<>();
        files.put("with space/a file.txt", 100);
        files.put("ünïcödé/名前 ファイル.txt", 2000);
        files.put("new\nline", 10);
        files.put("x".repeat(255), 777);
        files.put(DEEP, 3000);
        files.put("-rf", 5);
        files.put("empty-1", 0);
        files.put("dir/empty-2", 0);
        files.put("exactly-1MiB", 1 << 20);
        files.put("over-1MiB", (1 << 20) + 1);
        files.put("hard-a", 321);
        for (int i = 0; i < 700; i++) {
            files.put("many/d" + (i % 9) + "/f" + i, rnd.nextInt(5000));
        }
        long t = 1_700_000_000L;
        for (Map.Entry<String, Integer> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, TestTree.random(rnd, f.getValue()));
            Files.setLastModifiedTime(p, FileTime.from(java.time.Instant.ofEpochSecond(t++)));
        }
        Files.createLink(root.resolve("hard-b"), root.resolve("hard-a"));
        Files.createSymbolicLink(root.resolve("link"), Path.of("with space/a file.txt"));
        return root;
    }

    static Repository newRepository(Path dir) {
        return Repository.init(new LocalStorage(dir), Credentials.password("correct horse"),
                RepositoryOptions.defaults().withScrypt(ScryptParameters.TESTING));
    }

    static SshConnection connect(SshTestServer server) throws IOException {
        return CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    /** Files a backup reads: one per inode (the listing through find shows hard links, read once). */
    static long filesToRead(Path root) throws IOException {
        java.util.Set<Object> inodes = new java.util.HashSet<>();
        for (String p : regularFilePaths(root)) {
            inodes.add(Files.readAttributes(Path.of(p), java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey());
        }
        return inodes.size();
    }

    /** Files read through tar: those of at most 1 MiB that are not hard-linked (those are read one by one). */
    static long filesThroughTar(Path root) throws IOException {
        long n = 0;
        for (String p : regularFilePaths(root)) {
            Path f = Path.of(p);
            if (Files.size(f) <= 1 << 20 && (Integer) Files.getAttribute(f, "unix:nlink", LinkOption.NOFOLLOW_LINKS) == 1) {
                n++;
            }
        }
        return n;
    }

    /** The tree's regular files, as absolute paths. */
    static List<String> regularFilePaths(Path root) throws IOException {
        List<String> files = new ArrayList<>();
        for (Path p : TestTree.walk(root)) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                files.add(p.toString());
            }
        }
        return files;
    }

    /** Backs the tree up from the server, restores it locally and compares content, mode and mtime. */
    static BackupResult backUpAndCompare(SshTestServer server, Path tree, String label) throws Exception {
        BackupResult r;
        // the defaults compress tar streams whichever host the server is on (openSource() would not here: loopback)
        try (Repository repo = newRepository(tmp.resolve("repo-" + label)); SshConnection c = connect(server);
                SftpSource source = c.openSource(SftpSourceOptions.defaults())) {
            r = new Archiver(repo, source).backup(BackupRequest.full(List.of(tree.toString()), label).withWorkers(16));
            Path target = tmp.resolve("restored-" + label);
            RestoreResult restored = new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target));
            assertThat(restored.failed()).isEmpty();
            Path copy = target.resolve(tree.toString().substring(1));
            SoftAssertions soft = new SoftAssertions();
            for (Path p : TestTree.walk(tree)) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Path q = copy.resolve(tree.relativize(p).toString());
                String rel = tree.relativize(p).toString();
                soft.assertThat(Files.exists(q, LinkOption.NOFOLLOW_LINKS)).as(rel).isTrue();
                if (Files.exists(q, LinkOption.NOFOLLOW_LINKS)) {
                    soft.assertThat(Files.readAllBytes(q)).as(rel).isEqualTo(Files.readAllBytes(p));
                    soft.assertThat(Files.getAttribute(q, "unix:mode", LinkOption.NOFOLLOW_LINKS)).as(rel + " mode")
                            .isEqualTo(Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS));
                    soft.assertThat(Files.getLastModifiedTime(q, LinkOption.NOFOLLOW_LINKS)).as(rel + " mtime")
                            .isEqualTo(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
                }
            }
            soft.assertAll();
            if (label.startsWith("openssh") || label.equals("mina")) {
                assertThat(source.bulkReadStreams()).isEqualTo(SftpSourceOptions.defaults().tarStreams());
                assertThat(source.filesReadThroughTar()).isEqualTo(filesThroughTar(tree));
                assertThat(source.tarStreamsCompressed())
                        .as("tar streams compressed with the server's zstd (install it: apt-get install zstd)")
                        .isTrue();
                assertThat(source.tarBatchesShareAChannel())
                        .as("tar batches in one shell loop (needs zstd and GNU coreutils' head -z)")
                        .isTrue();
            }
        }
        return r;
    }

    /**
     * A large file that is mostly holes goes through a compressed tar stream (the server reads its holes as zeros,
     * its zstd sends next to nothing for them), as the platform reads, through {@link ListingAhead} and with the
     * options it opens this loopback server with, which leave the other batches plain; a large dense file stays on
     * SFTP. Both come back identical, the sparse one sparse.
     */
    @Test
    void aLargeFileThatIsMostlyHolesIsReadThroughTheTarStream() throws Exception {
        Path tree = tmp.resolve("holes");
        Files.createDirectories(tree);
        byte[] data = TestTree.random(new Random(3), 4096);
        try (FileChannel f = FileChannel.open(tree.resolve("sparse.img"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            f.write(ByteBuffer.wrap(data), 0);
            f.write(ByteBuffer.wrap(data), (64 << 20) - data.length);
        }
        Files.write(tree.resolve("dense.bin"), TestTree.random(new Random(4), 2 << 20));
        Files.writeString(tree.resolve("small.txt"), "small");
        Path target = tmp.resolve("restored-holes");
        try (Repository repo = newRepository(tmp.resolve("repo-holes")); SshConnection c = connect(OPENSSH);
                SftpSource sftp = c.openSource();
                Source source = ListingAhead.start(sftp, List.of(tree.toString()), p -> false, 100_000)) {
            BackupResult r = new Archiver(repo, source).backup(BackupRequest.full(List.of(tree.toString()), "holes")
                    .withWorkers(16));
            assertThat(r.errors()).isEmpty();
            assertThat(r.filesRead()).isEqualTo(3);
            assertThat(sftp.filesReadThroughTar()).as("small.txt and sparse.img").isEqualTo(2);
            assertThat(sftp.tarStreamsCompressed()).as("plain streams for a server on this host").isFalse();
            assertThat(sftp.tarBatchesCompressed()).as("but sparse.img's batch compressed").isOne();
            assertThat(new Restorer(repo).restore(RestoreRequest.all(r.snapshotId()), new LocalOutput(target)).failed())
                    .isEmpty();
        }
        Path copy = target.resolve(tree.toString().substring(1));
        for (String name : List.of("sparse.img", "dense.bin", "small.txt")) {
            assertThat(Files.readAllBytes(copy.resolve(name))).as(name).isEqualTo(Files.readAllBytes(tree.resolve(name)));
        }
        assertThat(SftpOutputTest.blocks(copy.resolve("sparse.img")) * 512).as("restored sparse").isLessThan(1 << 20);
    }

    @Test
    void awkwardNamesAndDeepPathsComeBackByteForByteThroughTar() throws Exception {
        Path tree = awkwardTree("awkward");
        assertThat(tree.resolve(DEEP).toString().length()).isGreaterThan(300);
        BackupResult r = backUpAndCompare(OPENSSH, tree, "openssh");
        assertThat(r.errors()).isEmpty();
        assertThat(r.changedDuringRead()).isEmpty();
        assertThat(r.filesRead()).isEqualTo(filesToRead(tree));
    }

    @Test
    void aServerWithoutTheCompressorGetsPlainTarStreams() throws Exception {
        Path tree = awkwardTree("plain");
        List<String> files = regularFilePaths(tree);
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> { },
                        "zstd-not-installed-here -1")) {
            long start = System.nanoTime();
            assertThat(tar.works(tree.getParent().toString())).isTrue();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                    .as("failed probes end at once, not after the 20 s timeout").isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(tar.canCompress()).isFalse();
            assertThat(tar.loops()).as("plain archives in one shell loop (needs GNU coreutils' head -z)").isTrue();
            // batches of different sizes end at different places in their last record: each is
            // found from tar's end blocks and padding, and the next batch starts clean
            int third = files.size() / 3;
            for (List<String> batch : List.of(files.subList(0, third), files.subList(third, 2 * third),
                    files.subList(2 * third, files.size()), files, files.subList(0, 1))) {
                Map<String, byte[]> read = readBatch(tar, batch);
                assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(batch);
                for (String f : batch) {
                    assertThat(read.get(f)).as(f).isEqualTo(Files.readAllBytes(Path.of(f)));
                }
            }
            // the compressed loop's probe failed at once (no compressor: a status line where the frame should be)
            assertThat(tar.loopsStarted()).as("the plain probe's loop served every batch").isEqualTo(2);
        }
    }

    @Test
    void aTarStreamThatStallsFailsItsBatchWithinTheTimeout() throws Exception {
        Path tree = awkwardTree("stalling");
        Path stall = tmp.resolve("stall-now");
        // a compressor that passes the probe, then goes silent once told to: a server stuck mid-stream
        Path compressor = tmp.resolve("stalling-compressor");
        Files.writeString(compressor, "#!/bin/sh\nif [ -e '" + stall + "' ]; then sleep 20; fi\nexec zstd -1 -q -T1\n");
        compressor.toFile().setExecutable(true);
        List<String> files = List.of(tree.resolve("with space/a file.txt").toString());
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(2), "test", path -> { },
                        compressor.toString())) {
            assertThat(tar.works(tree.getParent().toString())).isTrue();
            assertThat(tar.canCompress()).isTrue();
            Files.createFile(stall);
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tar.read(files, new BulkVisitor() {
                @Override
                public void file(String path, ReadStamp stamp, ReadableByteChannel content) {
                    throw new AssertionError("nothing should arrive");
                }

                @Override
                public void failed(String path, IOException cause) {
                }

                @Override
                public void changedWhileRead(String path) {
                }
            }, true)).isInstanceOfSatisfying(SshException.class, e -> assertThat(e.code()).isEqualTo(SshErrorCode.SSH_TIMEOUT))
                    .hasMessageContaining("sent nothing for 2 s");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(10));
            Files.delete(stall);
            assertThat(readBatch(tar, files)).containsOnlyKeys(files); // a new stream for the next batch
        }
    }

    /** Reads the files through one compressed batch and returns their contents by path; fails on any error or flag. */
    static Map<String, byte[]> readBatch(RemoteTar tar, List<String> files) throws IOException {
        return readBatch(tar, files, true);
    }

    static Map<String, byte[]> readBatch(RemoteTar tar, List<String> files, boolean compress) throws IOException {
        Map<String, byte[]> read = new TreeMap<>();
        tar.read(files, new BulkVisitor() {
            @Override
            public void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException {
                read.put(path, java.nio.channels.Channels.newInputStream(content).readAllBytes());
            }

            @Override
            public void failed(String path, IOException cause) {
                throw new AssertionError(path + ": " + cause);
            }

            @Override
            public void changedWhileRead(String path) {
                throw new AssertionError("flagged " + path);
            }
        }, compress);
        return read;
    }

    /**
     * One loop serves compressed and plain batches in any order: each archive's end is found its own way (the zstd
     * frame, or tar's records), and the next batch starts clean.
     */
    @Test
    void oneLoopServesCompressedAndPlainBatchesInAnyOrder() throws Exception {
        Path tree = awkwardTree("mixed");
        List<String> files = regularFilePaths(tree);
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> { }, RemoteTar.ZSTD)) {
            assertThat(tar.works(tree.getParent().toString())).isTrue();
            assertThat(tar.loops()).as("needs zstd and GNU coreutils' head -z on the server").isTrue();
            boolean[] compress = {false, true, true, false, false, true, false};
            int half = files.size() / 2;
            for (int i = 0; i < compress.length; i++) {
                List<String> batch = i % 2 == 0 ? files.subList(0, half) : files.subList(half, files.size());
                Map<String, byte[]> read = readBatch(tar, batch, compress[i]);
                assertThat(read.keySet()).as("batch " + i).containsExactlyInAnyOrderElementsOf(batch);
                for (String f : batch) {
                    assertThat(read.get(f)).as(f).isEqualTo(Files.readAllBytes(Path.of(f)));
                }
            }
            assertThat(tar.loopsStarted()).as("the probe's loop served every batch").isEqualTo(1);
            assertThat(tar.batchesCompressed()).isEqualTo(3);
        }
    }

    @Test
    void batchesOfAStreamShareOneLoginAndAFailedBatchOnlyCostsItsLoop() throws Exception {
        Path tree = awkwardTree("looped");
        List<String> files = regularFilePaths(tree);
        assertThat(files).hasSizeGreaterThan(8);
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> { }, RemoteTar.ZSTD)) {
            assertThat(tar.works(tree.getParent().toString())).isTrue();
            assertThat(tar.loops()).as("needs zstd and GNU coreutils' head -z on the server").isTrue();
            int per = files.size() / 4;
            for (int i = 0; i < 4; i++) {
                List<String> batch = files.subList(i * per, i == 3 ? files.size() : (i + 1) * per);
                Map<String, byte[]> read = readBatch(tar, batch);
                assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(batch);
                for (String f : batch) {
                    assertThat(read.get(f)).as(f).isEqualTo(Files.readAllBytes(Path.of(f)));
                }
            }
            assertThat(tar.loopsStarted()).as("the probe's loop served every batch").isEqualTo(1);

            // a batch given up half-way (the engine was cancelled, or its visitor failed) ends its loop ...
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tar.read(files, new BulkVisitor() {
                @Override
                public void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException {
                    throw new IOException("the engine gave up");
                }

                @Override
                public void failed(String path, IOException cause) {
                }

                @Override
                public void changedWhileRead(String path) {
                }
            }, true)).hasMessageContaining("the engine gave up");
            // ... and the next batch gets a fresh one, with nothing of the abandoned stream in it
            Map<String, byte[]> again = readBatch(tar, files);
            assertThat(again).hasSize(files.size());
            assertThat(again.get(files.getLast())).isEqualTo(Files.readAllBytes(Path.of(files.getLast())));
            assertThat(tar.loopsStarted()).isEqualTo(2);
        }
    }

    @Test
    void whenTheLoopCannotWorkBatchesAreStillCompressedOnChannelsOfTheirOwn() throws Exception {
        Path tree = awkwardTree("no-loop");
        // a compressor that writes a second (empty) frame: a plain decompressor reads through both,
        // but the loop's protocol expects tar's exit status right after the first
        Path compressor = tmp.resolve("two-frame-compressor");
        Files.writeString(compressor, "#!/bin/sh\nzstd -1 -q -T1\nprintf '' | zstd -q\n");
        compressor.toFile().setExecutable(true);
        List<String> files = List.of(tree.resolve("with space/a file.txt").toString(), tree.resolve("many/d3/f30").toString());
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> { },
                        compressor.toString())) {
            assertThat(tar.works(tree.getParent().toString())).isTrue();
            assertThat(tar.loops()).isFalse();
            assertThat(tar.canCompress()).isTrue();
            Map<String, byte[]> read = readBatch(tar, files);
            for (String f : files) {
                assertThat(read.get(f)).as(f).isEqualTo(Files.readAllBytes(Path.of(f)));
            }
            assertThat(tar.loopsStarted()).isEqualTo(1); // the probe's, given up
        }
    }

    @Test
    void aBatchOnAConnectionThatClosedFailsWithConnectionLost() throws Exception {
        Path tree = tmp.resolve("closing");
        Files.createDirectories(tree);
        String a = Files.writeString(tree.resolve("a"), "first").toString();
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> { }, RemoteTar.ZSTD)) {
            assertThat(tar.works(tree.toString())).isTrue();
            c.session().close(true);
            // an unchecked refusal from the SSH library would end the whole backup instead of this batch
            SshException e = org.assertj.core.api.Assertions.catchThrowableOfType(SshException.class,
                    () -> readBatch(tar, List.of(a)));
            assertThat(e).isNotNull();
            assertThat(e.code()).isEqualTo(SshErrorCode.SSH_CONNECTION_LOST);
            assertThat(e.retryable()).isTrue();
        }
    }

    @Test
    void tarsMessagesBelongToTheirOwnBatchInALoop() throws Exception {
        Path tree = tmp.resolve("messages");
        Files.createDirectories(tree);
        String a = Files.writeString(tree.resolve("a"), "first").toString();
        String missing = tree.resolve("missing").toString();
        try (SshConnection c = connect(OPENSSH);
                RemoteTar tar = new RemoteTar(ExecSessions.of(c.session()), java.time.Duration.ofSeconds(20), "test", path -> {
                    throw new java.nio.file.NoSuchFileException(path);
                }, RemoteTar.ZSTD)) {
            assertThat(tar.works(tree.toString())).isTrue();
            assertThat(tar.loops()).isTrue();
            List<String> failed = new ArrayList<>();
            tar.read(List.of(a, missing), new BulkVisitor() {
                @Override
                public void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException {
                    java.nio.channels.Channels.newInputStream(content).readAllBytes();
                }

                @Override
                public void failed(String path, IOException cause) {
                    failed.add(path);
                }

                @Override
                public void changedWhileRead(String path) {
                    throw new AssertionError("flagged " + path);
                }
            }, true);
            assertThat(failed).containsExactly(missing);
            // tar's "Cannot stat" for the first batch (exit 2) must not flag files of the next one
            assertThat(readBatch(tar, List.of(a))).containsOnlyKeys(a);
            assertThat(tar.loopsStarted()).isEqualTo(1);
        }
    }

    /**
     * Each stream costs one login, and the other streams log in while the first batch runs: a batch that finds
     * no idle loop waits for one being started rather than logging in once more.
     */
    @Test
    void theStreamsLogInAheadOfTheirBatchesAndOnceEach() throws Exception {
        Path tree = awkwardTree("ahead");
        List<String> files;
        try (var walk = Files.walk(tree)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).map(Path::toString).sorted().toList();
        }
        int streams = SftpSourceOptions.defaults().tarStreams();
        try (SshConnection c = connect(OPENSSH); SftpSource source = c.openSource()) {
            assertThat(source.bulkReadStreams()).isEqualTo(streams);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (source.tarLoopsStarted() < streams && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(source.tarLoopsStarted()).as("logged in before any batch asked").isEqualTo(streams);
        }
        try (SshConnection c = connect(OPENSSH); SftpSource source = c.openSource()) {
            assertThat(source.bulkReadStreams()).isEqualTo(streams);
            java.util.concurrent.ConcurrentHashMap<String, Long> read = new java.util.concurrent.ConcurrentHashMap<>();
            BulkVisitor visitor = new BulkVisitor() {
                @Override
                public void file(String path, ReadStamp stamp, java.nio.channels.ReadableByteChannel content)
                        throws IOException {
                    long n = 0;
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8192);
                    for (int r; (r = content.read(b.clear())) >= 0; ) {
                        n += r;
                    }
                    read.put(path, n);
                }

                @Override
                public void failed(String path, IOException cause) {
                    throw new AssertionError(path, cause);
                }

                @Override
                public void changedWhileRead(String path) {
                }
            };
            List<java.util.concurrent.Future<?>> batches = new ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(streams)) {
                for (int i = 0; i < streams; i++) {
                    int first = i;
                    List<String> mine = java.util.stream.IntStream.range(0, files.size()).filter(k -> k % streams == first)
                            .mapToObj(files::get).toList();
                    batches.add(pool.submit(() -> {
                        source.readMany(mine, visitor);
                        return null;
                    }));
                }
                for (var b : batches) {
                    b.get();
                }
            }
            assertThat(read).hasSize(files.size());
            assertThat(source.tarLoopsStarted()).as("one login per stream, batches at once included").isEqualTo(streams);
        }
    }

    /** The platform opens sources with the connection's recommended options: a server on this host gets plain streams. */
    @Test
    void aServerOnThisHostGetsPlainTarStreams() throws Exception {
        Path tree = awkwardTree("uncompressed");
        try (Repository repo = newRepository(tmp.resolve("repo-uncompressed")); SshConnection c = connect(OPENSSH);
                SftpSource source = c.openSource()) {
            assertThat(c.serverIsThisHost()).as("reached over loopback").isTrue();
            assertThat(c.recommendedSourceOptions()).isEqualTo(SftpSourceOptions.defaults().withTarCompression(false));
            BackupResult r = new Archiver(repo, source).backup(BackupRequest.full(List.of(tree.toString()), "plain"));
            assertThat(source.tarStreamsCompressed()).isFalse();
            assertThat(source.tarBatchesCompressed()).isZero();
            assertThat(source.tarBatchesShareAChannel()).isTrue();
            assertThat(source.filesReadThroughTar()).isEqualTo(filesThroughTar(tree));
            assertThat(r.errors()).isEmpty();
            assertThat(r.filesRead()).isEqualTo(filesToRead(tree));
        }
    }

    @Test
    void aServerThatRunsNoCommandsIsReadOverSftp() throws Exception {
        Path tree = awkwardTree("sftp-only");
        try (SshConnection c = connect(SFTP_ONLY); SftpSource source = c.openSource()) {
            assertThat(source.bulkReadStreams()).isZero();
            assertThat(source.list(tree.toString())).isNotEmpty();
            assertThat(source.listsThroughFind()).isFalse();
            assertThat(source.listBatchSize()).isEqualTo(1); // found out once: no more batches
        }
        BackupResult r = backUpAndCompare(SFTP_ONLY, tree, "sftp-only");
        assertThat(r.errors()).isEmpty();
        // listed over SFTP, without inodes: each name of a hard link is read
        assertThat(r.filesRead()).isEqualTo(regularFilePaths(tree).size());
    }

    @Test
    void tarStreamsCanBeTurnedOff() throws Exception {
        try (SshConnection c = connect(OPENSSH); SftpSource source = c.openSource(SftpSourceOptions.defaults().withTarStreams(0))) {
            assertThat(source.bulkReadStreams()).isZero();
        }
    }

    @Test
    void minasServerRunningTheMachinesTarGivesTheSameTree() throws Exception {
        Path tree = awkwardTree("mina");
        BackupResult r = backUpAndCompare(MINA, tree, "mina");
        assertThat(r.errors()).isEmpty();
        assertThat(r.filesRead()).isEqualTo(filesToRead(tree));
    }

    @Test
    void aFileGoneBeforeTarReadsItIsAnErrorForThatPathAndAChangedOneIsFlagged() throws Exception {
        Path tree = awkwardTree("racing");
        Path gone = tree.resolve("many/d3/f30");
        Path grown = tree.resolve("many/d4/f40");
        Path touched = tree.resolve("ünïcödé/名前 ファイル.txt");
        try (Repository repo = newRepository(tmp.resolve("repo-racing")); SshConnection c = connect(OPENSSH);
                SftpSource sftp = c.openSource()) {
            // between the listing and tar's read: one file deleted, one grown, one rewritten with a new mtime
            Source racing = new Delegating(sftp) {
                @Override
                public void readMany(List<String> paths, BulkVisitor visitor) throws IOException {
                    if (paths.contains(gone.toString())) {
                        Files.delete(gone);
                    }
                    if (paths.contains(grown.toString())) {
                        Files.writeString(grown, "more", StandardOpenOption.APPEND);
                    }
                    if (paths.contains(touched.toString())) {
                        Files.setLastModifiedTime(touched, FileTime.fromMillis(System.currentTimeMillis() + 86_400_000L));
                    }
                    super.readMany(paths, visitor);
                }
            };
            BackupResult r = new Archiver(repo, racing).backup(BackupRequest.full(List.of(tree.toString()), "racing")
                    .withWorkers(16));
            assertThat(r.errors()).containsExactly(new FileError(gone.toString(), FileError.Kind.VANISHED, "vanished before it could be read"));
            assertThat(r.changedDuringRead()).containsExactlyInAnyOrder(grown.toString(), touched.toString());
            assertThat(r.filesRead()).isEqualTo(filesToRead(tree));
            assertThat(sftp.filesReadThroughTar()).isEqualTo(filesThroughTar(tree));
        }
    }

    @Test
    void tarsOwnWarningFlagsTheFileItNamesAndNoOther() throws Exception {
        // sysfs files claim 4096 bytes and hold fewer: tar pads them and warns "File shrank" (exit 1)
        Path shrinking = Path.of("/sys/devices/virtual/net/lo/address");
        assertThat(Files.size(shrinking)).isEqualTo(4096);
        Path tree = tmp.resolve("warned");
        Files.createDirectories(tree);
        Path a = Files.writeString(tree.resolve("a"), "first");
        Path b = Files.writeString(tree.resolve("b"), "second");
        List<String> handed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (SshConnection c = connect(OPENSSH); SftpSource source = c.openSource()) {
            assertThat(source.bulkReadStreams()).isPositive();
            source.readMany(List.of(a.toString(), shrinking.toString(), tree.resolve("missing").toString(), b.toString()),
                    new BulkVisitor() {
                        @Override
                        public void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException {
                            handed.add(path);
                            ByteBuffer buf = ByteBuffer.allocate(8192);
                            while (content.read(buf) >= 0) {
                                buf.clear();
                            }
                        }

                        @Override
                        public void failed(String path, IOException cause) {
                            failed.add(path + ": " + cause.getClass().getSimpleName());
                        }

                        @Override
                        public void changedWhileRead(String path) {
                            changed.add(path);
                        }
                    });
        }
        assertThat(handed).containsExactly(a.toString(), shrinking.toString(), b.toString());
        assertThat(failed).containsExactly(tree.resolve("missing") + ": NoSuchFileException");
        assertThat(changed).containsExactly(shrinking.toString());
    }

    /** A source passing everything to another. */
    static class Delegating extends ForwardingSource {
        Delegating(Source inner) {
            super(inner);
        }
    }
}
