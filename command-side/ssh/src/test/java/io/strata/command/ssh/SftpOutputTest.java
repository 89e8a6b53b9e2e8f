package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.SmallFileSystem;
import io.strata.engine.SystemXattrs;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.WriteRefusal;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.output.OutputFile;
import io.strata.engine.output.OutputRefusedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SftpOutput's operations one by one against real servers, checked on the disk they write. */
class SftpOutputTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    @RegisterExtension
    static final MinaSshServer MINA_WITHOUT_POSIX_RENAME = MinaSshServer.withoutPosixRename();
    @RegisterExtension
    static final MinaSshServer MINA_WITHOUT_LSETSTAT = MinaSshServer.withoutLsetstat();
    @RegisterExtension
    static final MinaSshServer WITHOUT_LSETSTAT_OR_COMMANDS = MinaSshServer.withoutLsetstatOrCommands();
    @RegisterExtension
    static final MinaSshServer FAULTY = MinaSshServer.faulty();
    @RegisterExtension
    static final MinaSshServer SFTP_ONLY = MinaSshServer.sftpOnly();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    Path tmp;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @BeforeAll
    static void authorize() throws IOException {
        OPENSSH.authorize(KEY);
        MINA.authorize(KEY);
        MINA_WITHOUT_POSIX_RENAME.authorize(KEY);
        MINA_WITHOUT_LSETSTAT.authorize(KEY);
        WITHOUT_LSETSTAT_OR_COMMANDS.authorize(KEY);
        FAULTY.authorize(KEY);
        SFTP_ONLY.authorize(KEY);
    }

    @AfterAll
    static void tearDown() {
        CONNECTOR.close();
    }

    static SshConnection connect(SshTestServer server) throws IOException {
        return CONNECTOR.connect(server.endpoint(), KEY, HostKeyPolicy.pinned(server.hostKeyFingerprint()));
    }

    /** What the files these tests create are to become (the output creates them 0600 whatever it says). */
    private static final FileMetadata A_FILE = meta(FileType.FILE, 0644, 0, 0, 1_700_000_000, 1_700_000_000);

    static FileMetadata meta(FileType type, int mode, int uid, int gid, long mtimeSeconds, long atimeSeconds) {
        return new FileMetadata(type, mode, uid, gid, null, null, 0, mtimeSeconds * 1_000_000_000L + 123_456_789,
                atimeSeconds * 1_000_000_000L + 987_654_321, 0, 0, 0, 1, 0, null, List.of());
    }

    /**
     * A server's disk that fills up (a real tmpfs): SFTP has no status for it (OpenSSH answers FAILURE, "Failure"), so
     * the output tells it from the room left ({@code statvfs@openssh.com}), and the restorer stops on it instead of
     * failing every later file alike. (MINA's server offers no statvfs and says "General failure": there a full disk
     * fails each file as any other failure does.)
     */
    @Test
    void aFileTheServersDiskHasNoRoomForFailsAsAFullTarget() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("small-disk"));
        byte[] content = TestTree.random(new Random(3), 1 << 20);
        try (SmallFileSystem disk = SmallFileSystem.mount(root, 256 << 10); SshConnection c = connect(OPENSSH);
                SftpOutput out = c.openOutput(root.toString())) {
            OutputFile f = out.createFile("/big", A_FILE);
            IOException full = catchThrowableOfType(IOException.class, () -> {
                f.write(0, content, 0, content.length);
                f.finish(content.length);
                f.commit();
            });
            f.close();
            assertThat(full).isInstanceOf(OutputRefusedException.class).hasMessageContaining("no room left in")
                    .hasMessageContaining("inodes free): "); // what statvfs told, SFTP's FAILURE saying nothing
            assertThat(((OutputRefusedException) full).reason()).isEqualTo(WriteRefusal.FULL);
            assertThat(root.resolve("big")).doesNotExist(); // never committed: removed
            // other failures stay what they were
            IOException missing = catchThrowableOfType(IOException.class, () -> out.createFile("/no/such/dir/f", A_FILE));
            assertThat(missing).isNotInstanceOf(OutputRefusedException.class);
        }
    }

    /**
     * A server's file system remounted read-only (as the kernel does after disk errors): OpenSSH answers FAILURE,
     * "Failure", for EROFS too, so the output tells it from {@code statvfs@openssh.com}'s flags, for a new directory
     * and for a new file alike, and the restorer stops on it; a target directory that cannot be made there fails
     * opening the output the same way.
     */
    @Test
    void aServersReadOnlyFileSystemFailsAsARefusingTarget() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("read-only-disk"));
        try (SmallFileSystem disk = SmallFileSystem.mount(root, 1 << 20)) {
            disk.remountReadOnly();
            try (SshConnection c = connect(OPENSSH); SftpOutput out = c.openOutput(root.toString())) {
                for (ThrowingCallable write : List.<ThrowingCallable>of(() -> out.createDirectory("/dir"),
                        () -> out.createFile("/file", A_FILE).close())) {
                    IOException refused = catchThrowableOfType(IOException.class, write);
                    assertThat(refused).isInstanceOf(OutputRefusedException.class)
                            .hasMessageContaining("is on a read-only file system (Read-only file system): ");
                    assertThat(((OutputRefusedException) refused).reason()).isEqualTo(WriteRefusal.READ_ONLY);
                }
            }
            try (SshConnection c = connect(OPENSSH)) { // a target directory still to be made there
                IOException refused = catchThrowableOfType(IOException.class, () -> c.openOutput(root + "/new/target"));
                assertThat(refused).isInstanceOf(OutputRefusedException.class).hasMessageContaining("(Read-only file system)");
            }
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void writesFilesWithHolesInAnyOrderAndAppliesMetadata(SshTestServer server) throws Exception {
        Path root = tmp.resolve("restore");
        Random rnd = new Random(7);
        byte[] big = TestTree.random(rnd, 10 * 1024 * 1024 + 5);
        byte[] head = TestTree.random(rnd, 4096);
        byte[] middle = TestTree.random(rnd, 8192);
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            assertThat(Files.isDirectory(root)).isTrue(); // created
            assertThat(out.root()).isEqualTo(root.toString());
            out.createDirectory("/a");
            out.createDirectory("/a/b");
            out.createDirectory("/a/b"); // again: restoring over an existing tree

            try (OutputFile f = out.createFile("/a/b/big.bin", A_FILE)) {
                // second half first, then the first half, in 1 MiB pieces
                int half = big.length / 2;
                for (int off = half; off < big.length; off += 1 << 20) {
                    f.write(off, big, off, Math.min(1 << 20, big.length - off));
                }
                for (int off = 0; off < half; off += 1 << 20) {
                    f.write(off, big, off, Math.min(1 << 20, half - off));
                }
                f.finish(big.length);
                f.commit();
            }
            try (OutputFile f = out.createFile("/a/sparse", A_FILE)) {
                f.write(0, head, 0, head.length);
                f.write(1 << 20, middle, 0, middle.length);
                f.finish(8L << 20); // trailing hole
                f.commit();
            }
            try (OutputFile f = out.createFile("/a/empty", A_FILE)) {
                f.finish(0);
                f.commit();
            }
            out.applyMetadata("/a/b/big.bin", meta(FileType.FILE, 04755, 65534, 65534, 1_500_000_000L, 1_400_000_000L));
            out.applyMetadata("/a/sparse", meta(FileType.FILE, 0640, 4242, 4343, 1_000_000_000L, 1_000_000_001L));
            out.applyMetadata("/a/b", meta(FileType.DIRECTORY, 01777, 0, 0, 1_234_567_890L, 1_234_567_890L));
            assertThat(out.ownersNotApplied()).isZero(); // root may chown
            assertThat(out.timesToTheSecond()).isZero();
        }
        TestTree.Stat s = TestTree.stat(root.resolve("a/b/big.bin"));
        assertThat(s.mode()).isEqualTo(server.isOpenSsh() ? 04755 : 0755); // MINA's server drops setuid/setgid/sticky
        assertThat(s.uid()).isEqualTo(65534);
        assertThat(s.gid()).isEqualTo(65534);
        assertThat(s.mtimeNanos()).isEqualTo(1_500_000_000_123_456_789L); // to the nanosecond, beyond SFTP's seconds
        assertThat(s.atimeNanos()).isEqualTo(1_400_000_000_987_654_321L);
        TestTree.Stat sp = TestTree.stat(root.resolve("a/sparse"));
        assertThat(sp.uid()).isEqualTo(4242);
        assertThat(sp.gid()).isEqualTo(4343);
        assertThat(sp.mode()).isEqualTo(0640);
        assertThat(sp.mtimeNanos()).isEqualTo(1_000_000_000_123_456_789L);
        TestTree.Stat d = TestTree.stat(root.resolve("a/b"));
        assertThat(d.mode()).isEqualTo(server.isOpenSsh() ? 01777 : 0777);
        assertThat(d.mtimeNanos()).isEqualTo(1_234_567_890_123_456_789L);
        // contents after the times: reading updates atime
        assertThat(sha256(Files.readAllBytes(root.resolve("a/b/big.bin")))).isEqualTo(sha256(big));
        byte[] sparse = Files.readAllBytes(root.resolve("a/sparse"));
        byte[] expected = new byte[8 << 20];
        System.arraycopy(head, 0, expected, 0, head.length);
        System.arraycopy(middle, 0, expected, 1 << 20, middle.length);
        assertThat(sparse.length).isEqualTo(expected.length);
        assertThat(sha256(sparse)).isEqualTo(sha256(expected));
        assertThat(blocks(root.resolve("a/sparse")) * 512).as("holes stay holes").isLessThan(1 << 20);
        assertThat(Files.size(root.resolve("a/empty"))).isZero();

    }

    /**
     * A file's owner, mode and times go with its CLOSE (an FSETSTAT on the handle, one round trip fewer per file),
     * also for a file written under a temporary name and renamed over what was there; a setuid file's go apart,
     * after the chown that would clear the bit.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void metadataKnownAtCreationGoesWithTheClose(SshTestServer server) throws Exception {
        Path root = tmp.resolve("at-close-" + (server.isOpenSsh() ? "openssh" : "mina"));
        Files.createDirectories(root);
        Files.writeString(root.resolve("existing"), "what was there");
        FileMetadata plain = meta(FileType.FILE, 0640, 4242, 4343, 1_500_000_000L, 1_400_000_000L);
        FileMetadata replacing = meta(FileType.FILE, 0600, 65534, 65534, 1_300_000_000L, 1_200_000_000L);
        FileMetadata setuid = meta(FileType.FILE, 04755, 65534, 65534, 1_100_000_000L, 1_000_000_000L);
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            for (var e : List.of(Map.entry("/plain", plain), Map.entry("/existing", replacing), Map.entry("/setuid", setuid))) {
                try (OutputFile f = out.createFile(e.getKey(), e.getValue())) {
                    f.write(0, new byte[] {1, 2, 3}, 0, 3);
                    f.finish(3);
                    f.commit();
                }
                out.applyMetadata(e.getKey(), e.getValue());
            }
            assertThat(out.metadataWithClose()).isEqualTo(2);
            assertThat(out.ownersNotApplied()).isZero();
        }
        for (var e : Map.of("plain", plain, "existing", replacing, "setuid", setuid).entrySet()) {
            TestTree.Stat s = TestTree.stat(root.resolve(e.getKey()));
            FileMetadata m = e.getValue();
            assertThat(s.mode()).as(e.getKey()).isEqualTo(server.isOpenSsh() ? m.mode() : m.mode() & 0777);
            assertThat(List.of(s.uid(), s.gid())).as(e.getKey()).containsExactly(m.uid(), m.gid());
            assertThat(List.of(s.mtimeNanos(), s.atimeNanos())).as(e.getKey()).containsExactly(m.mtimeNanos(), m.atimeNanos());
            assertThat(s.size()).as(e.getKey()).isEqualTo(3);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void linksReplaceWhatIsThereWithoutWritingThroughIt(SshTestServer server) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("links"));
        Path outside = tmp.resolve("outside.txt");
        Files.writeString(outside, "must not change\n");
        Files.createSymbolicLink(root.resolve("was-symlink"), outside);
        Files.createLink(root.resolve("was-hardlink"), outside);
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            try (OutputFile f = out.createFile("was-symlink", A_FILE)) {
                f.write(0, "new\n".getBytes(), 0, 4);
                f.finish(4);
                f.commit();
            }
            try (OutputFile f = out.createFile("was-hardlink", A_FILE)) {
                f.write(0, "new\n".getBytes(), 0, 4);
                f.finish(4);
                f.commit();
            }
            Files.createDirectories(root.resolve("was-empty-dir"));
            try (OutputFile f = out.createFile("was-empty-dir", A_FILE)) {
                f.write(0, "file\n".getBytes(), 0, 5);
                f.finish(5);
                f.commit();
            }
            out.createSymlink("/link-relative", "was-symlink");
            out.createSymlink("/link-dangling", "no/such/target");
            out.createSymlink("/link-dangling", "replaced/target"); // an existing link is replaced
            out.applyMetadata("/link-relative", meta(FileType.SYMLINK, 0777, 65534, 65534, 1_100_000_000L, 1_100_000_000L));
            assertThat(out.supportsHardLinks()).isTrue();
            out.createHardLink("/hard", "/was-symlink");
            out.createHardLink("/hard", "/was-hardlink"); // replaced
            assertThat(out.symlinkOwnersSkipped()).isZero(); // both offer lsetstat@openssh.com
        }
        assertThat(Files.readString(outside)).isEqualTo("must not change\n");
        assertThat(Files.isSymbolicLink(root.resolve("was-symlink"))).isFalse();
        assertThat(Files.readString(root.resolve("was-symlink"))).isEqualTo("new\n");
        assertThat(Files.readString(root.resolve("was-hardlink"))).isEqualTo("new\n");
        assertThat(Files.readString(root.resolve("was-empty-dir"))).isEqualTo("file\n");
        assertThat(Files.readSymbolicLink(root.resolve("link-relative")).toString()).isEqualTo("was-symlink");
        assertThat(Files.readSymbolicLink(root.resolve("link-dangling")).toString()).isEqualTo("replaced/target");
        assertThat(Files.isSameFile(root.resolve("hard"), root.resolve("was-hardlink"))).isTrue();
        assertThat(Files.getAttribute(root.resolve("hard"), "unix:nlink")).isEqualTo(2);
        // lsetstat changed the link itself, not its target
        TestTree.Stat link = TestTree.stat(root.resolve("link-relative"));
        assertThat(link.uid()).isEqualTo(65534);
        assertThat(link.mtimeNanos()).isEqualTo(1_100_000_000_123_456_789L);
        TestTree.Stat target = TestTree.stat(root.resolve("was-symlink"));
        assertThat(target.uid()).isZero();
        assertThat(target.mtime()).isNotEqualTo(1_100_000_000L);
    }

    /**
     * A symlink put in place of a restored file before its metadata (by anyone who can write in the
     * target) must not hand the file's owner, mode and times to the link's target: with
     * lsetstat@openssh.com the server changes the link itself, and OpenSSH refuses a link's mode.
     * OpenSSH only: MINA's server is Java, whose chmod follows a link even when asked not to.
     */
    @Test
    void metadataIsNeverAppliedThroughALinkPutAtThePath() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("swapped"));
        Path outside = Files.writeString(tmp.resolve("outside"), "host file\n");
        Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(outside, java.nio.file.attribute.FileTime.fromMillis(1_500_000_000_000L));
        try (SshConnection c = connect(OPENSSH); SftpOutput out = c.openOutput(root.toString())) {
            try (OutputFile f = out.createFile("f", A_FILE)) {
                f.write(0, "restored\n".getBytes(), 0, 9);
                f.finish(9);
                f.commit();
            }
            Files.delete(root.resolve("f"));
            Files.createSymbolicLink(root.resolve("f"), outside);
            try {
                out.applyMetadata("/f", meta(FileType.FILE, 04777, 65534, 65534, 1_000_000_000L, 1_000_000_000L));
            } catch (IOException refused) {
                // OpenSSH refuses a symlink's mode; what matters is where nothing changed
            }
        }
        TestTree.Stat host = TestTree.stat(outside);
        assertThat(host.mode()).isEqualTo(0600);
        assertThat(host.uid()).isZero();
        assertThat(host.mtime()).isEqualTo(1_500_000_000L);
        assertThat(Files.readString(outside)).isEqualTo("host file\n");
        assertThat(Files.isSymbolicLink(root.resolve("f"))).isTrue();
    }

    @Test
    void withoutPosixRenameAFileStillReplacesWhatWasThere() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("plain-rename"));
        Files.writeString(root.resolve("existing"), "old\n");
        Files.createDirectories(root.resolve("empty-dir"));
        try (SshConnection c = connect(MINA_WITHOUT_POSIX_RENAME); SftpOutput out = c.openOutput(root.toString())) {
            assertThat(out.replacesAtomically()).isFalse();
            for (String name : List.of("existing", "empty-dir")) {
                try (OutputFile f = out.createFile(name, A_FILE)) {
                    f.write(0, "new\n".getBytes(), 0, 4);
                    f.finish(4);
                    f.commit();
                }
            }
        }
        try (SshConnection c = connect(OPENSSH); SftpOutput out = c.openOutput(root.toString())) {
            assertThat(out.replacesAtomically()).isTrue();
        }
        assertThat(Files.readString(root.resolve("existing"))).isEqualTo("new\n");
        assertThat(Files.readString(root.resolve("empty-dir"))).isEqualTo("new\n");
        try (var names = Files.list(root)) {
            assertThat(names.map(n -> n.getFileName().toString())).containsExactlyInAnyOrder("existing", "empty-dir");
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void whatSftpCannotDoFailsClearly(SshTestServer server) throws Exception {
        Path root = tmp.resolve("limits");
        Files.createDirectories(root);
        Files.writeString(tmp.resolve("a-file"), "x");
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            assertThatThrownBy(() -> out.createSpecial("/tty", meta(FileType.CHAR_DEVICE, 0620, 0, 5, 1, 1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("CHAR_DEVICE").hasMessageContaining("not recorded");
            assertThatThrownBy(() -> out.createDirectory("../escape")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> out.createFile("/missing-parent/file", A_FILE))
                    .isInstanceOf(java.nio.file.NoSuchFileException.class);
            // a file closed without commit (it failed verification, or the restore broke off) leaves no trace,
            // and what was at its path stays as it was
            Files.writeString(root.resolve("kept"), "the server's own copy");
            try (OutputFile f = out.createFile("/partial", A_FILE); OutputFile g = out.createFile("/kept", A_FILE)) {
                f.write(0, new byte[100], 0, 100);
                g.write(0, new byte[100], 0, 100);
                g.finish(100);
            }
            assertThat(Files.exists(root.resolve("partial"), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(Files.readString(root.resolve("kept"))).isEqualTo("the server's own copy");
            try (var names = Files.list(root)) {
                assertThat(names.map(n -> n.getFileName().toString())).containsExactly("kept");
            }
            assertThatThrownBy(() -> c.openOutput(tmp.resolve("a-file").toString()))
                    .isInstanceOf(IOException.class).hasMessageContaining("not a directory");
        }
    }

    /**
     * FIFOs and devices go through a command (SFTP has no request for them) with their metadata, replacing what is
     * at the path; a device whose number was not recorded fails saying so.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void fifosAndDevicesAreCreatedThroughACommandAndGetTheirMetadata(SshTestServer server) throws Exception {
        Path root = tmp.resolve("fifos");
        Files.createDirectories(root);
        Files.writeString(root.resolve("was a file"), "replaced");
        FileMetadata fifo = meta(FileType.FIFO, 0640, 4242, 4343, 1_500_000_000L, 1_400_000_000L);
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            for (String name : List.of("/pipe", "/was a file", "/it's \"quoted\" $(true)")) {
                out.createSpecial(name, fifo);
                out.applyMetadata(name, fifo);
            }
            assertThatThrownBy(() -> out.createSpecial("/missing/pipe", fifo)).isInstanceOf(IOException.class)
                    .hasMessageContaining("/missing/pipe");
            FileMetadata nullDevice = new FileMetadata(FileType.CHAR_DEVICE, 0620, 4242, 5, null, null, 0,
                    fifo.mtimeNanos(), fifo.atimeNanos(), 0, 0, 0, 1, (1 << 8) | 3, null, List.of()); // 1:3, /dev/null's
            out.createSpecial("/null", nullDevice);
            out.applyMetadata("/null", nullDevice);
        }
        TestTree.Stat device = TestTree.stat(root.resolve("null"));
        assertThat(device.type()).isEqualTo("character special file");
        assertThat(device.mode()).isEqualTo(0620);
        assertThat(device.uid()).isEqualTo(4242);
        assertThat(device.mtimeNanos()).isEqualTo(fifo.mtimeNanos());
        assertThat(deviceNumbers(root.resolve("null"))).isEqualTo("1:3");
        for (String name : List.of("pipe", "was a file", "it's \"quoted\" $(true)")) {
            TestTree.Stat s = TestTree.stat(root.resolve(name));
            assertThat(s.type()).as(name).isEqualTo("fifo");
            assertThat(s.mode()).as(name).isEqualTo(0640);
            assertThat(s.uid()).as(name).isEqualTo(4242);
            assertThat(s.mtimeNanos()).as(name).isEqualTo(fifo.mtimeNanos()); // to the nanosecond, unlike SFTP's times
            assertThat(s.atimeNanos()).as(name).isEqualTo(fifo.atimeNanos());
        }
    }

    /**
     * Without lsetstat@openssh.com a SETSTAT on a symlink would change its target: the link gets its owner and times
     * (to the nanosecond) through a command instead, and the target is left alone; a login that may not run commands
     * leaves the link's owner as created, counted.
     */
    @Test
    void withoutLsetstatASymlinkGetsItsOwnerAndTimesByCommandAndItsTargetIsLeftAlone() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("no-lsetstat"));
        Path target = Files.writeString(root.resolve("target"), "kept");
        long targetMtime = TestTree.stat(target).mtimeNanos();
        FileMetadata link = meta(FileType.SYMLINK, 0777, 65534, 65534, 1_100_000_000L, 1_100_000_000L);
        try (SshConnection c = connect(MINA_WITHOUT_LSETSTAT); SftpOutput out = c.openOutput(root.toString())) {
            out.createSymlink("/link", "target");
            out.applyMetadata("/link", link);
            assertThat(out.symlinkOwnersSkipped()).isZero();
            assertThat(out.timesToTheSecond()).isZero();
        }
        TestTree.Stat s = TestTree.stat(root.resolve("link"));
        assertThat(s.mtimeNanos()).isEqualTo(link.mtimeNanos());
        assertThat(List.of(s.uid(), s.gid())).isEqualTo(List.of(65534, 65534));
        TestTree.Stat t = TestTree.stat(target);
        assertThat(List.of(t.uid(), t.gid(), t.mtimeNanos())).isEqualTo(List.of(0, 0, targetMtime)); // left alone

        Path sftpOnly = Files.createDirectories(tmp.resolve("no-lsetstat-no-commands"));
        try (SshConnection c = connect(WITHOUT_LSETSTAT_OR_COMMANDS); SftpOutput out = c.openOutput(sftpOnly.toString())) {
            out.createSymlink("/link", "target");
            out.applyMetadata("/link", link);
            assertThat(out.symlinkOwnersSkipped()).isEqualTo(1);
        }
        assertThat(TestTree.stat(sftpOnly.resolve("link")).uid()).isZero(); // as created
    }

    /**
     * Times finer than SFTP's whole seconds need a command on the server; a login that may not run one keeps the
     * whole seconds, and the output counts the entries that did.
     */
    @Test
    void aLoginThatMayNotRunCommandsGetsWholeSecondsCounted() throws Exception {
        Path root = tmp.resolve("sftp-only-times");
        try (SshConnection c = connect(SFTP_ONLY); SftpOutput out = c.openOutput(root.toString())) {
            out.createDirectory("/d");
            try (OutputFile f = out.createFile("/d/f", A_FILE)) {
                f.write(0, new byte[] {1}, 0, 1);
                f.finish(1);
                f.commit();
            }
            out.applyMetadata("/d/f", A_FILE);
            out.applyMetadata("/d", meta(FileType.DIRECTORY, 0755, 0, 0, 1_600_000_000L, 1_600_000_000L));
            assertThat(out.timesToTheSecond()).isEqualTo(2);
        }
        assertThat(TestTree.stat(root.resolve("d/f")).mtimeNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(TestTree.stat(root.resolve("d")).mtimeNanos()).isEqualTo(1_600_000_000_000_000_000L);
    }

    /**
     * Extended attributes go through the same command once SFTP is done with the entry: set where Linux allows them,
     * counted where it refuses one (user.* on a symlink) or the login may not run commands; the restore goes on.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void extendedAttributesAreSetAfterTheRestOrCountedWhereRefused(SshTestServer server) throws Exception {
        Path root = tmp.resolve("xattrs-" + (server.isOpenSsh() ? "openssh" : "mina"));
        List<Xattr> fileXattrs = List.of(new Xattr("trusted.t", new byte[] {0, 1, 2}), new Xattr("user.a", new byte[0]),
                new Xattr("user.b", "b b".getBytes(StandardCharsets.UTF_8)));
        FileMetadata file = A_FILE.withXattrs(fileXattrs);
        FileMetadata link = meta(FileType.SYMLINK, 0777, 0, 0, 1_600_000_000L, 1_600_000_000L)
                .withXattrs(List.of(new Xattr("user.refused-on-links", new byte[] {1})));
        try (SshConnection c = connect(server); SftpOutput out = c.openOutput(root.toString())) {
            try (OutputFile f = out.createFile("/f", file)) {
                f.write(0, new byte[] {1}, 0, 1);
                f.finish(1);
                f.commit();
            }
            out.applyMetadata("/f", file);
            out.createSymlink("/l", "f");
            out.applyMetadata("/l", link);
            assertThat(out.xattrsNotApplied()).isEqualTo(1);
            assertThat(out.timesToTheSecond()).isZero();
        }
        assertThat(SystemXattrs.dump(root)).isEqualTo(Map.of("f", SystemXattrs.hex(fileXattrs)));
        assertThat(TestTree.stat(root.resolve("f")).mtimeNanos()).isEqualTo(A_FILE.mtimeNanos());

        Path sftpOnly = tmp.resolve("xattrs-sftp-only");
        try (SshConnection c = connect(SFTP_ONLY); SftpOutput out = c.openOutput(sftpOnly.toString())) {
            out.createDirectory("/d");
            out.applyMetadata("/d", meta(FileType.DIRECTORY, 0755, 0, 0, 1_600_000_000L, 1_600_000_000L)
                    .withXattrs(List.of(new Xattr("user.d", new byte[] {4}))));
            assertThat(out.xattrsNotApplied()).isEqualTo(1);
        }
        assertThat(SystemXattrs.dump(sftpOnly)).isEmpty();
    }

    @Test
    void aFifoOnALoginThatMayNotRunCommandsFailsSayingSo() throws Exception {
        Path root = tmp.resolve("sftp-only");
        try (SshConnection c = connect(SFTP_ONLY); SftpOutput out = c.openOutput(root.toString())) {
            assertThatThrownBy(() -> out.createSpecial("/pipe", meta(FileType.FIFO, 0644, 0, 0, 1, 1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("FIFO").hasMessageContaining("mknod");
        }
        assertThat(Files.exists(root.resolve("pipe"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    /**
     * Owner, mode and times go in one request while chowns succeed; a server that refuses the chown (a non-root
     * login) still gets mode and times, and the owner is counted as not applied, for every entry after as well.
     */
    @Test
    void aRefusedChownKeepsTheOwnerAndStillAppliesModeAndTimes() throws Exception {
        Path root = tmp.resolve("not-root");
        int owner = (Integer) Files.getAttribute(tmp, "unix:uid");
        try (SshConnection c = connect(FAULTY); SftpOutput out = c.openOutput(root.toString())) {
            for (String name : List.of("/first", "/second")) {
                writeCommitted(out, name, 10);
                out.applyMetadata(name, meta(FileType.FILE, 0640, 4242, 4343, 1_500_000_000L, 1_400_000_000L));
            }
            out.createDirectory("/dir");
            out.applyMetadata("/dir", meta(FileType.DIRECTORY, 0750, 4242, 4343, 1_234_567_890L, 1_234_567_890L));
            FileMetadata fifo = meta(FileType.FIFO, 0640, 4242, 4343, 1_500_000_000L, 1_400_000_000L);
            out.createSpecial("/pipe", fifo); // its chown runs as a command
            out.applyMetadata("/pipe", fifo);
            assertThat(out.ownersNotApplied()).isEqualTo(4);
        }
        for (String name : List.of("first", "second", "dir", "pipe")) {
            TestTree.Stat s = TestTree.stat(root.resolve(name));
            assertThat(s.uid()).as(name).isEqualTo(owner);
            assertThat(s.mode()).as(name).isEqualTo(name.equals("dir") ? 0750 : 0640);
            assertThat(s.mtime()).as(name).isEqualTo(name.equals("dir") ? 1_234_567_890L : 1_500_000_000L);
        }
    }

    /** A WRITE the server fails (a full disk) fails the file when it is committed at the latest; nothing is left. */
    @Test
    void aWriteTheServerFailsFailsTheFileAndLeavesNothing() throws Exception {
        Path root = tmp.resolve("full");
        try (SshConnection c = connect(FAULTY); SftpOutput out = c.openOutput(root.toString())) {
            assertThatThrownBy(() -> writeCommitted(out, "/unwritable", 100_000))
                    .isInstanceOf(IOException.class).hasMessageContaining("unwritable");
            writeCommitted(out, "/fine", 10); // the connection goes on
        }
        try (var names = Files.list(root)) {
            assertThat(names.map(n -> n.getFileName().toString())).containsExactly("fine");
        }
    }

    /** A file of {@code size} zero bytes written, finished and committed at {@code path}. */
    private static void writeCommitted(SftpOutput out, String path, int size) throws IOException {
        try (OutputFile f = out.createFile(path, A_FILE)) {
            f.write(0, new byte[size], 0, size);
            f.finish(size);
            f.commit();
        }
    }

    static String sha256(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A device's major and minor numbers, in hex as stat prints them: "1:3". */
    static String deviceNumbers(Path p) throws IOException {
        return stat(p, "%t:%T");
    }

    static long blocks(Path p) throws IOException {
        return Long.parseLong(stat(p, "%b"));
    }

    /** What {@code stat -c FORMAT} prints for {@code p}. */
    private static String stat(Path p, String format) throws IOException {
        Process proc = new ProcessBuilder("stat", "-c", format, p.toString()).start();
        String out = new String(proc.getInputStream().readAllBytes()).trim();
        try {
            proc.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

}
