package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.SoftAssertions;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.SystemXattrs;
import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.source.SourceEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SftpSource against real servers, checked against {@code stat} and the bytes on disk. */
class SftpSourceTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;
    static Path tree;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @BeforeAll
    static void setUp() throws IOException {
        tree = tmp.resolve("tree");
        TestTree.build(tree);
        OPENSSH.authorize(KEY);
        MINA.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    static SshConnection connect(SshTestServer server) throws IOException {
        return CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    /** Lists the whole tree through the source, as the archiver walks it. */
    static Map<String, FileMetadata> walk(SftpSource source, String dir) throws IOException {
        Map<String, FileMetadata> out = new TreeMap<>();
        for (SourceEntry e : source.list(dir)) {
            String p = dir + "/" + e.name();
            out.put(p, e.metadata());
            if (e.metadata().type() == FileType.DIRECTORY) {
                out.putAll(walk(source, p));
            }
        }
        return out;
    }

    static FileType typeOf(String statType) {
        return switch (statType) {
            case "regular file", "regular empty file" -> FileType.FILE;
            case "directory" -> FileType.DIRECTORY;
            case "symbolic link" -> FileType.SYMLINK;
            case "fifo" -> FileType.FIFO;
            case "socket" -> FileType.SOCKET;
            case "character special file" -> FileType.CHAR_DEVICE;
            case "block special file" -> FileType.BLOCK_DEVICE;
            default -> throw new IllegalArgumentException(statType);
        };
    }

    static Stream<Arguments> serversAndListings() {
        return Stream.of(Arguments.of(OPENSSH, true), Arguments.of(OPENSSH, false), Arguments.of(MINA, true),
                Arguments.of(MINA, false));
    }

    /**
     * Every entry with what {@code stat} says of it: through the server's find (the default) with nanosecond
     * times, ctime, inode, device and link count, from the file system itself whichever the SFTP server;
     * over SFTP (find listing off) with what SFTP v3 carries.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("serversAndListings")
    void listsEveryEntryWithTheMetadataStatReports(SshTestServer server, boolean throughFind) throws Exception {
        Map<String, TestTree.Stat> expected = new TreeMap<>();
        for (Path p : TestTree.walk(tree)) {
            expected.put(p.toString(), TestTree.stat(p));
        }
        Map<String, Map<String, String>> xattrsWanted = SystemXattrs.dump(tree);
        assertThat(xattrsWanted).containsKeys("", "xattrs/file", "xattrs/dir", "xattrs/link");
        Map<String, FileMetadata> listed;
        try (SshConnection c = connect(server);
                SftpSource source = c.openSource(SftpSourceOptions.defaults().withFindListing(throughFind))) {
            assertThat(source.resolvesNames()).isEqualTo(server.isOpenSsh());
            listed = walk(source, tree.toString());
            assertThat(source.listsThroughFind()).isEqualTo(throughFind);
            assertThat(source.findLoopsStarted()).isLessThanOrEqualTo(throughFind ? 1 : 0); // one walker: one loop
            // stat (always over SFTP) agrees with the listing at SFTP's precision
            for (String p : List.of("small.txt", "links/relative", "links/dangling", "modes/sticky", "special/fifo")) {
                String full = tree + "/" + p;
                FileMetadata stat = source.stat(full);
                FileMetadata entry = listed.get(full);
                if (throughFind) {
                    assertThat(List.of(stat.size(), stat.mtimeNanos(), stat.uid(), stat.gid())).as(p)
                            .isEqualTo(List.of(entry.size(), entry.mtimeNanos() / 1_000_000_000L * 1_000_000_000L, entry.uid(), entry.gid()));
                    assertThat(source.changedSince(full, entry)).as(p).isFalse();
                } else {
                    assertThat(stat).as(p).isEqualTo(entry);
                }
            }
            assertThat(source.xattrs(tree + "/small.txt")).isEmpty();
            // a path no listing carried (here the root) has its extended attributes asked for on their own
            assertThat(SystemXattrs.hex(source.xattrs(tree.toString())))
                    .isEqualTo(throughFind ? xattrsWanted.get("") : Map.of());
            assertThat(source.describe()).isEqualTo("sftp://" + server.endpoint());
        }
        assertThat(listed.keySet()).containsExactlyElementsOf(expected.keySet());
        assertThat(listed).hasSizeGreaterThan(480);
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, TestTree.Stat> e : expected.entrySet()) {
            TestTree.Stat s = e.getValue();
            FileMetadata m = listed.get(e.getKey());
            String what = e.getKey();
            FileType type = typeOf(s.type());
            if (server.isOpenSsh() || throughFind) {
                soft.assertThat(m.type()).as(what).isEqualTo(type);
                soft.assertThat(m.mode()).as(what + " mode").isEqualTo(s.mode());
            } else {
                // MINA's server builds modes from java.nio's POSIX permissions: no setuid, setgid or
                // sticky bits, and FIFOs, sockets and devices shown as regular files
                soft.assertThat(m.type()).as(what).isEqualTo(type.isSpecial() ? FileType.FILE : type);
                soft.assertThat(m.mode()).as(what + " mode").isEqualTo(s.mode() & 0777);
            }
            soft.assertThat(m.uid()).as(what + " uid").isEqualTo(s.uid());
            soft.assertThat(m.gid()).as(what + " gid").isEqualTo(s.gid());
            if (server.isOpenSsh() || throughFind) {
                soft.assertThat(m.user()).as(what + " user").isEqualTo(s.user());
                soft.assertThat(m.group()).as(what + " group").isEqualTo(s.group());
            } else {
                soft.assertThat(m.user()).as(what + " user").isNull();
                soft.assertThat(m.group()).as(what + " group").isNull();
            }
            long size = type == FileType.FILE || type == FileType.SYMLINK ? s.size() : 0;
            soft.assertThat(m.size()).as(what + " size").isEqualTo(size);
            soft.assertThat(m.symlinkTarget()).as(what + " target").isEqualTo(s.target());
            // through find every namespace, a symlink's own among them; SFTP has none
            soft.assertThat(SystemXattrs.hex(m.xattrs())).as(what + " xattrs").isEqualTo(
                    throughFind ? xattrsWanted.getOrDefault(tree.relativize(Path.of(what)).toString(), Map.of()) : Map.of());
            if (throughFind) {
                soft.assertThat(m.mtimeNanos()).as(what + " mtime").isEqualTo(s.mtimeNanos());
                soft.assertThat(m.atimeNanos()).as(what + " atime").isEqualTo(s.atimeNanos());
                soft.assertThat(m.ctimeNanos()).as(what + " ctime").isEqualTo(s.ctimeNanos());
                soft.assertThat(m.inode()).as(what + " inode").isEqualTo(s.inode());
                soft.assertThat(m.device()).as(what + " device").isEqualTo(s.device());
                soft.assertThat(m.links()).as(what + " links").isEqualTo(s.links());
            } else {
                soft.assertThat(m.mtimeNanos()).as(what + " mtime").isEqualTo(s.mtime() * 1_000_000_000L);
                soft.assertThat(m.atimeNanos()).as(what + " atime").isEqualTo(s.atime() * 1_000_000_000L);
                soft.assertThat(m.ctimeNanos()).isZero();
                soft.assertThat(m.inode()).isZero();
                soft.assertThat(m.links()).isEqualTo(1);
            }
        }
        soft.assertAll();
        // spot checks that the oracle itself saw what the tree was built with
        assertThat(expected.get(tree + "/modes/setuid").mode()).isEqualTo(04755);
        assertThat(listed.get(tree + "/modes/setuid").mode()).isEqualTo(server.isOpenSsh() || throughFind ? 04755 : 0755);
        assertThat(expected.get(tree + "/modes/sticky").mode()).isEqualTo(01777);
        assertThat(listed.get(tree + "/modes/owned-nobody").uid()).isEqualTo(65534);
        assertThat(listed.get(tree + "/small.txt").mtimeNanos())
                .isEqualTo(throughFind ? 1_600_000_000_123_456_789L : 1_600_000_000_000_000_000L);
        assertThat(listed.get(tree + "/links/dangling").symlinkTarget()).isEqualTo("does/not/exist");
        if (server.isOpenSsh() || throughFind) {
            assertThat(listed.get(tree + "/modes/owned-nobody").user()).isEqualTo("nobody");
            assertThat(listed.get(tree + "/modes/owned-numeric").user()).isNull();
        }
        if (throughFind) {
            assertThat(listed.get(tree + "/small.txt").links()).isEqualTo(expected.get(tree + "/small.txt").links()).isGreaterThan(1);
        }
        // device numbers, which find cannot print, come from the server's stat; SFTP v3 has none
        long nullDevice = (Long) Files.getAttribute(tree.resolve("special/null-device"), "unix:rdev",
                LinkOption.NOFOLLOW_LINKS);
        assertThat(nullDevice).isEqualTo(DeviceNumbers.of(1, 3));
        assertThat(listed.get(tree + "/special/null-device").rdev()).isEqualTo(throughFind ? nullDevice : 0);
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void readsManyFilesFromManyThreadsWithExactBytes(SshTestServer server) throws Exception {
        List<Path> files = TestTree.walk(tree).stream().filter(TestTree::isRegular).toList();
        Map<Path, String> expected = new TreeMap<>();
        for (Path f : files) {
            expected.put(f, sha256(Files.readAllBytes(f)));
        }
        // two sessions of two channels, few reads in flight, a small budget: every limit gets hit
        SftpSourceOptions options = SftpSourceOptions.defaults().withSessions(2).withChannelsPerSession(2)
                .withReadAheadPerFile(6).withMaxReadBytesInFlight(8L * TestTree.R);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (SshConnection c = connect(server); SftpSource source = c.openSource(options)) {
            assertThat(source.channelCount()).isEqualTo(4);
            walk(source, tree.toString()); // the first round opens listed files, the later ones unlisted paths
            for (int round = 0; round < 3; round++) {
                List<Future<String[]>> results = new ArrayList<>();
                for (Path f : files) {
                    results.add(pool.submit(() -> new String[] {f.toString(), sha256(source, f.toString())}));
                }
                for (Future<String[]> r : results) {
                    String[] got = r.get();
                    assertThat(got[1]).as(got[0]).isEqualTo(expected.get(Path.of(got[0])));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aFileThatGrowsOrShrinksAfterOpenIsReadToItsNewEnd(SshTestServer server) throws Exception {
        Path f = tmp.resolve("changing-" + server.isOpenSsh());
        byte[] first = TestTree.random(new java.util.Random(1), 3 * TestTree.R + 5);
        byte[] grown = TestTree.random(new java.util.Random(2), 5 * TestTree.R + 11);
        byte[] shrunk = TestTree.random(new java.util.Random(3), TestTree.R / 2);
        try (SshConnection c = connect(server); SftpSource source = c.openSource()) {
            Files.write(f, first);
            try (ReadableByteChannel ch = source.open(f.toString())) {
                Files.write(f, grown, StandardOpenOption.TRUNCATE_EXISTING); // after OPEN, before any READ
                assertThat(readAll(ch, 64 * 1024)).isEqualTo(grown);
            }
            Files.write(f, first);
            try (ReadableByteChannel ch = source.open(f.toString())) {
                Files.write(f, shrunk, StandardOpenOption.TRUNCATE_EXISTING);
                assertThat(readAll(ch, 1024 * 1024)).isEqualTo(shrunk);
            }
            // tiny reader buffers
            try (ReadableByteChannel ch = source.open(tree + "/sized-" + (TestTree.R + 1))) {
                assertThat(readAll(ch, 7)).isEqualTo(Files.readAllBytes(tree.resolve("sized-" + (TestTree.R + 1))));
                assertThat(ch.read(ByteBuffer.allocate(10))).isEqualTo(-1);
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void missingRefusedAndNonRegularPathsRaiseTypedErrors(SshTestServer server) throws Exception {
        try (SshConnection c = connect(server); SftpSource source = c.openSource()) {
            String missing = tree + "/no-such-entry";
            assertThatThrownBy(() -> source.stat(missing)).isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(missing);
            assertThatThrownBy(() -> source.list(missing)).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> source.open(missing)).isInstanceOf(NoSuchFileException.class);
            // root may read anything except what the kernel refuses even to root
            assertThatThrownBy(() -> source.open("/proc/sys/vm/drop_caches")).isInstanceOf(AccessDeniedException.class);
            // symlinks are never followed, directories and FIFOs are not read (the FIFO would block)
            assertThatThrownBy(() -> source.open(tree + "/links/relative")).hasMessageContaining("not a regular file");
            assertThatThrownBy(() -> source.open(tree + "/many")).hasMessageContaining("not a regular file");
            if (server.isOpenSsh()) { // MINA's server calls a FIFO a regular file: opening it would block
                assertThatThrownBy(() -> source.open(tree + "/special/fifo")).hasMessageContaining("not a regular file");
            }
            // the channel still works after all those errors
            try (ReadableByteChannel ch = source.open(tree + "/small.txt")) {
                assertThat(new String(readAll(ch, 100))).isEqualTo("hello, strata\n");
            }
        }
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String sha256(SftpSource source, String path) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        int bufSize = ThreadLocalRandom.current().nextInt(1, 3 * 1024 * 1024);
        ByteBuffer buf = ByteBuffer.allocate(bufSize);
        try (ReadableByteChannel ch = source.open(path)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static byte[] readAll(ReadableByteChannel ch, int bufSize) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(bufSize);
        while (ch.read(buf) >= 0) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
        }
        return out.toByteArray();
    }
}
