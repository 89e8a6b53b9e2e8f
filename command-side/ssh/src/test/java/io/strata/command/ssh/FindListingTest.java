package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.command.ssh.testing.MinaSshServer;
import io.strata.command.ssh.testing.OpenSshServer;
import io.strata.command.ssh.testing.SshTestServer;
import io.strata.command.ssh.testing.TestKeys;
import io.strata.engine.SystemXattrs;
import io.strata.engine.archiver.Archiver;
import io.strata.engine.archiver.BackupRequest;
import io.strata.engine.archiver.BackupResult;
import io.strata.engine.metadata.FileType;
import io.strata.engine.repository.Repository;
import io.strata.engine.snapshot.BackupLevel;
import io.strata.engine.source.DirectoryListing;
import io.strata.engine.source.ListingAhead;
import io.strata.engine.source.SourceEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Listing through the server's find: exact per-directory errors, the same answers as SFTP where SFTP can
 * tell, and what only find can tell (a file rewritten within the same second with the same size).
 */
class FindListingTest {
    @RegisterExtension
    static final OpenSshServer OPENSSH = new OpenSshServer();
    @RegisterExtension
    static final MinaSshServer MINA = new MinaSshServer();
    static final SshConnector CONNECTOR = new SshConnector(SshSettings.defaults());
    static final ClientKey KEY = TestKeys.newClientKey();

    @TempDir
    static Path tmp;

    static Stream<SshTestServer> servers() {
        return Stream.of(OPENSSH, MINA);
    }

    @BeforeAll
    static void setUp() throws IOException {
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

    private static Path tree(String name) throws IOException {
        Path root = tmp.resolve(name);
        for (int d = 0; d < 3; d++) {
            for (int f = 0; f < 3; f++) {
                Path p = root.resolve("d" + d).resolve("f" + f);
                Files.createDirectories(p.getParent());
                Files.writeString(p, "content " + d + f);
            }
        }
        Files.createSymbolicLink(root.resolve("to-d1"), root.resolve("d1"));
        return root;
    }

    private static List<String> names(List<SourceEntry> entries) {
        return entries.stream().map(SourceEntry::name).sorted().toList();
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aBatchWithAnErrorGivesEachDirectoryItsOwnAnswer(SshTestServer server) throws Exception {
        Path root = tree("errors-" + (server.isOpenSsh() ? "openssh" : "mina"));
        String missing = root + "/gone";
        String file = root + "/d0/f0";
        SystemXattrs.set(root.resolve("d2/f1"), "user.listed", new byte[] {'x'});
        try (SshConnection c = connect(server); SftpSource source = c.openSource()) {
            assertThat(source.listBatchSize()).isEqualTo(RemoteFind.BATCH);
            assertThat(source.listingsAtOnce()).isEqualTo(1); // until find is known to work, one loop finds out
            assertThat(names(source.list(root.toString()))).containsExactly("d0", "d1", "d2", "to-d1");
            assertThat(source.listsThroughFind()).isTrue();
            assertThat(source.listingsAtOnce()).isEqualTo(RemoteFind.MAX_LOOPS - 1); // beside the perl loop

            List<DirectoryListing> listings = source.listMany(List.of(root + "/d0", missing, file, root + "/d2"));
            assertThat(listings).hasSize(4);
            assertThat(names(listings.get(0).entries())).containsExactly("f0", "f1", "f2");
            assertThat(listings.get(1).error()).isInstanceOf(NoSuchFileException.class);
            assertThat(listings.get(2).error()).isInstanceOf(IOException.class); // not a directory
            assertThat(names(listings.get(3).entries())).containsExactly("f0", "f1", "f2");
            // listed again over SFTP, the batch's entries still get their extended attributes, in one request
            assertThat(listings.get(3).entries()).filteredOn(e -> e.name().equals("f1"))
                    .extracting(e -> SystemXattrs.hex(e.metadata().xattrs())).containsExactly(Map.of("user.listed", "78"));
            assertThat(source.xattrs(root + "/d2/f1")).isEmpty(); // carried by the listing: not asked for again
            // a symlink given as the directory to list is followed, as SFTP's OPENDIR does; none below it is
            assertThat(names(source.list(root + "/to-d1"))).containsExactly("f0", "f1", "f2");
            assertThat(source.list(root.toString())).filteredOn(e -> e.name().equals("to-d1"))
                    .extracting(e -> e.metadata().type()).containsExactly(FileType.SYMLINK);
            assertThatThrownBy(() -> source.list(missing)).isInstanceOf(NoSuchFileException.class);
            // errors in later batches do not turn find off
            assertThat(source.listsThroughFind()).isTrue();
            assertThat(source.listBatchSize()).isEqualTo(RemoteFind.BATCH);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aFileRewrittenInTheSameSecondWithTheSameSizeIsReadAgain(SshTestServer server) throws Exception {
        String kind = server.isOpenSsh() ? "openssh" : "mina";
        Path root = tree("same-second-" + kind);
        Path file = root.resolve("d2/f1");
        FileTime second = FileTime.from(java.time.Instant.ofEpochSecond(1_700_000_000L, 250_000_000));
        Files.setLastModifiedTime(file, second);
        BackupRequest request = BackupRequest.full(List.of(root.toString()), "same-second-" + kind);
        try (Repository repo = TarStreamBackupTest.newRepository(tmp.resolve("repo-" + kind)); SshConnection c = connect(server)) {
            BackupResult first;
            try (SftpSource source = c.openSource()) {
                first = new Archiver(repo, source).backup(request);
            }
            // same size, and a modification time in the same whole second: all SFTP v3 could compare
            Files.writeString(file, "CONTENT 21");
            Files.setLastModifiedTime(file, FileTime.from(java.time.Instant.ofEpochSecond(1_700_000_000L, 750_000_000)));
            BackupResult incremental;
            try (SftpSource source = c.openSource()) {
                incremental = new Archiver(repo, source).backup(request.withParent(BackupLevel.INCREMENTAL, first.snapshotId()));
                assertThat(source.listsThroughFind()).isTrue();
            }
            assertThat(incremental.filesRead()).isEqualTo(1);
            assertThat(incremental.filesUnchanged()).isEqualTo(8);
        }
    }

    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void aBackupListedOverSftpIsAParentTheFirstFindListingReadsNothingAgainFrom(SshTestServer server) throws Exception {
        String kind = server.isOpenSsh() ? "openssh" : "mina";
        Path root = tree("upgrade-" + kind);
        BackupRequest request = BackupRequest.full(List.of(root.toString()), "upgrade-" + kind);
        try (Repository repo = TarStreamBackupTest.newRepository(tmp.resolve("repo-upgrade-" + kind));
                SshConnection c = connect(server)) {
            BackupResult overSftp;
            try (SftpSource source = c.openSource(SftpSourceOptions.defaults().withFindListing(false))) {
                overSftp = new Archiver(repo, source).backup(request);
                assertThat(source.listsThroughFind()).isFalse();
            }
            assertThat(overSftp.filesRead()).isEqualTo(9);
            BackupResult throughFind;
            try (SftpSource source = c.openSource()) {
                throughFind = new Archiver(repo, source).backup(request.withParent(BackupLevel.INCREMENTAL, overSftp.snapshotId()));
                assertThat(source.listsThroughFind()).isTrue();
            }
            // whole-second mtimes and no ctime in the parent: compared on size and the second, not read again
            assertThat(throughFind.filesRead()).isZero();
            assertThat(throughFind.filesUnchanged()).isEqualTo(9);
        }
    }

    @Test
    void listingAheadOnFourThreadsUsesAtMostTwoLoginsAndListsEverything() throws Exception {
        Path root = tmp.resolve("wide");
        for (int d = 0; d < 300; d++) {
            Files.createDirectories(root.resolve("d" + d / 20).resolve("e" + d));
            Files.writeString(root.resolve("d" + d / 20).resolve("e" + d).resolve("f"), "x");
        }
        try (SshConnection c = connect(OPENSSH); SftpSource source = c.openSource();
                ListingAhead ahead = ListingAhead.start(source, List.of(root.toString()), p -> false, 100_000, 4)) {
            int directories = 0;
            int files = 0;
            Deque<String> toVisit = new ArrayDeque<>(List.of(root.toString()));
            while (!toVisit.isEmpty()) {
                String d = toVisit.pop();
                directories++;
                for (SourceEntry e : ahead.list(d)) {
                    if (e.metadata().type() == FileType.DIRECTORY) {
                        toVisit.push(d + "/" + e.name());
                    } else {
                        files++;
                        assertThat(e.metadata().inode()).isNotZero();
                    }
                }
            }
            assertThat(directories).isEqualTo(1 + 15 + 300);
            assertThat(files).isEqualTo(300);
            assertThat(source.findLoopsStarted()).isBetween(1, RemoteFind.MAX_LOOPS);
        }
    }

    /**
     * Names come from one getent lookup per id; a server where getent cannot be run gets them from find itself, on
     * a loop started for that, and the same names.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void ownerNamesAreLookedUpOncePerIdOrByFindWhereGetentCannotBeUsed(SshTestServer server) throws Exception {
        Path root = tmp.resolve("owners-" + (server.isOpenSsh() ? "openssh" : "mina"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("mine"), "x");
        TestTree.writeOwned(root.resolve("sub/nobodys"), 65534, 65534);
        TestTree.writeOwned(root.resolve("sub/nameless"), 4242, 4343);
        String nobodyGroup = new String(new ProcessBuilder("getent", "group", "65534").start().getInputStream()
                .readAllBytes()).split(":")[0];
        Map<String, List<String>> expected = Map.of(
                "mine", Arrays.asList("root", "root"),
                "sub", Arrays.asList("root", "root"),
                "nobodys", Arrays.asList("nobody", nobodyGroup),
                "nameless", Arrays.asList(null, null));
        try (SshConnection c = connect(server)) {
            for (String getent : List.of("getent", "no-such-getent")) {
                RemoteFind find = new RemoteFind(ExecSessions.of(c.session()), Duration.ofSeconds(30), "test",
                        new RemoteFind.Tools(getent, "perl", RemoteFind.Tools.SERVERS.findReadsDirectories()));
                try (find) {
                    List<List<SourceEntry>> listings = find.list(List.of(root.toString(), root + "/sub"));
                    assertThat(listings).as(getent).isNotNull();
                    Map<String, List<String>> owners = new TreeMap<>();
                    for (List<SourceEntry> entries : listings) {
                        for (SourceEntry e : entries) {
                            owners.put(e.name(), Arrays.asList(e.metadata().user(), e.metadata().group()));
                        }
                    }
                    assertThat(owners).as(getent).isEqualTo(expected);
                }
                assertThat(find.namesFromFind()).as(getent).isEqualTo(!getent.equals("getent"));
                // without getent, the loop that found out was replaced by one whose find prints names
                assertThat(find.loopsStarted()).as(getent).isEqualTo(getent.equals("getent") ? 1 : 2);
            }
        }
    }

    /**
     * Extended attributes come with each batch through the server's perl, a path no listing carried (a backup's root)
     * asked for on its own; a server without perl lists the same entries through find, without attributes.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void extendedAttributesComeWithTheListingWhereTheServerHasPerl(SshTestServer server) throws Exception {
        Path root = tree("xattrs-" + (server.isOpenSsh() ? "openssh" : "mina"));
        SystemXattrs.set(root, "user.root", new byte[] {'r'});
        SystemXattrs.set(root.resolve("d1"), "user.dir", new byte[] {'d'});
        SystemXattrs.set(root.resolve("d1/f2"), "user.file", new byte[] {0, 'f'});
        SystemXattrs.set(root.resolve("to-d1"), "trusted.link", new byte[0]);
        try (SshConnection c = connect(server)) {
            for (String perl : List.of("perl", "no-such-perl")) {
                boolean hasPerl = perl.equals("perl");
                RemoteFind find = new RemoteFind(ExecSessions.of(c.session()), Duration.ofSeconds(30), "test",
                        new RemoteFind.Tools("getent", perl, RemoteFind.Tools.SERVERS.findReadsDirectories()));
                try (find) {
                    assertThat(find.batchesAtOnce()).as(perl).isEqualTo(1); // until a batch has gone through find
                    List<List<SourceEntry>> listings = find.list(List.of(root.toString(), root + "/d1"));
                    assertThat(listings).as(perl).isNotNull();
                    Map<String, Map<String, String>> xattrs = new TreeMap<>();
                    for (List<SourceEntry> entries : listings) {
                        for (SourceEntry e : entries) {
                            if (!e.metadata().xattrs().isEmpty()) {
                                xattrs.put(e.name(), SystemXattrs.hex(e.metadata().xattrs()));
                            }
                        }
                    }
                    assertThat(xattrs).as(perl).isEqualTo(hasPerl ? Map.of("d1", Map.of("user.dir", "64"),
                            "f2", Map.of("user.file", "0066"), "to-d1", Map.of("trusted.link", "")) : Map.of());
                    assertThat(find.xattrsListed(root.toString())).as(perl).isEqualTo(hasPerl);
                    assertThat(SystemXattrs.hex(find.xattrs(root.toString()))).as(perl)
                            .isEqualTo(hasPerl ? Map.of("user.root", "72") : Map.of());
                    // no perl only means no attributes: find still lists, on the same loop
                    assertThat(find.list(List.of(root + "/d2"))).as(perl).isNotNull();
                    assertThat(find.works()).isTrue();
                    assertThat(find.loopsStarted()).isEqualTo(1);
                    // the perl loop takes the place of a second find loop
                    assertThat(find.batchesAtOnce()).as(perl)
                            .isEqualTo(hasPerl ? RemoteFind.MAX_LOOPS - 1 : RemoteFind.MAX_LOOPS);
                }
            }
        }
    }

    /**
     * find takes a batch's directories from its input where it can (GNU findutils 4.9 and later), else from xargs:
     * both list alike, a directory named like one of find's options and with a newline in its name, and a symlink
     * given as a directory included; a batch holding a missing directory fails whole either way (its caller lists it
     * again another way) and the loop goes on.
     */
    @ParameterizedTest(autoCloseArguments = false)
    @MethodSource("servers")
    void findListsAlikeWhetherItReadsTheDirectoriesOrXargsHandsThemOver(SshTestServer server) throws Exception {
        Path root = tree("handed-" + (server.isOpenSsh() ? "openssh" : "mina"));
        Path odd = root.resolve("-newer\nname");
        Files.createDirectories(odd);
        Files.writeString(odd.resolve("inside"), "x");
        List<String> batch = List.of(root.toString(), root + "/d0", odd.toString(), root + "/to-d1");
        Map<String, List<List<String>>> listed = new TreeMap<>();
        try (SshConnection c = connect(server)) {
            for (String reads : List.of(RemoteFind.Tools.SERVERS.findReadsDirectories(), "false")) {
                RemoteFind find = new RemoteFind(ExecSessions.of(c.session()), Duration.ofSeconds(30), "test",
                        new RemoteFind.Tools("getent", "perl", reads));
                try (find) {
                    List<List<SourceEntry>> listings = find.list(batch);
                    assertThat(listings).as(reads).isNotNull();
                    listed.put(reads, listings.stream().map(FindListingTest::described).toList());
                    assertThat(find.list(List.of(root + "/d1", root + "/gone"))).as(reads).isNull();
                    assertThat(find.list(List.of(root + "/d1"))).as(reads).isNotNull();
                    assertThat(find.works()).as(reads).isTrue();
                    assertThat(find.loopsStarted()).as(reads).isEqualTo(1);
                }
            }
        }
        List<List<String>> readingThem = listed.get(RemoteFind.Tools.SERVERS.findReadsDirectories());
        assertThat(readingThem.get(2)).containsExactly("inside FILE 1");
        assertThat(readingThem.get(3)).containsExactly("f0 FILE 10", "f1 FILE 10", "f2 FILE 10");
        assertThat(listed.get("false")).isEqualTo(readingThem);
    }

    /** Where the servers' find reads directories from its input (findutils 4.9 and later), the loop's test says so. */
    @Test
    void theLoopsTestOfFindAgreesWithFindsVersion() throws Exception {
        String version = new String(new ProcessBuilder("find", "--version").start().getInputStream().readAllBytes())
                .lines().findFirst().orElseThrow();
        String[] number = version.replaceAll(".* ", "").split("\\.");
        boolean readsDirectories = Integer.parseInt(number[0]) > 4
                || (Integer.parseInt(number[0]) == 4 && Integer.parseInt(number[1]) >= 9);
        Process test = new ProcessBuilder("sh", "-c", RemoteFind.Tools.SERVERS.findReadsDirectories())
                .redirectErrorStream(true).start();
        test.getInputStream().readAllBytes();
        assertThat(test.waitFor() == 0).as(version).isEqualTo(readsDirectories);
    }

    private static List<String> described(List<SourceEntry> entries) {
        return entries.stream().map(e -> e.name() + " " + e.metadata().type() + " " + e.metadata().size())
                .sorted().toList();
    }

    @Test
    void findsTimeFormatIsReadToTheNanosecond() {
        assertThat(FindLoop.nanos("1600000000.1234567890")).isEqualTo(1_600_000_000_123_456_789L);
        assertThat(FindLoop.nanos("1600000000.5")).isEqualTo(1_600_000_000_500_000_000L);
        assertThat(FindLoop.nanos("1600000000")).isEqualTo(1_600_000_000_000_000_000L);
        assertThat(FindLoop.nanos("-1.5")).isEqualTo(-1_500_000_000L);
        assertThatThrownBy(() -> FindLoop.nanos("12a.3")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> FindLoop.nanos(".3")).isInstanceOf(NumberFormatException.class);
    }
}
