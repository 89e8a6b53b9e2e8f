package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.EngineFixtures;
import io.strata.engine.SmallFileSystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as an operator uses it in a disaster: every command, its --json output and its exit codes. */
class CliEndToEndTest {
    @TempDir
    Path dir;
    Path repo;
    Path src;
    Path passwordFile;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void setUp() throws Exception {
        repo = dir.resolve("repo");
        src = dir.resolve("src");
        passwordFile = Files.writeString(dir.resolve("pw"), "s3cret\n");
        for (int i = 0; i < 8; i++) {
            EngineFixtures.write(src.resolve("sub" + (i % 2)).resolve("file" + i), EngineFixtures.randomBytes(40_000 + i, i));
        }
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = StrataCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Run repoCmd(String cmd, String... rest) {
        List<String> a = new ArrayList<>(List.of(cmd.split(" ")));
        a.addAll(List.of("--repo", repo.toString(), "--password-file", passwordFile.toString()));
        a.addAll(List.of(rest));
        return cli(a.toArray(String[]::new));
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[0-9]+|true|false|null)").matcher(json);
        assertThat(m.find()).as("field %s in %s", name, json).isTrue();
        return m.group(1).replace("\"", "");
    }

    @Test
    void theUsageListsEveryCommandAndAMistypedOneIsRefusedWithASuggestion() {
        Run help = cli("--help");
        assertThat(help.code()).isEqualTo(ExitCodes.OK);
        for (CommandSpec command : StrataCli.Commands.ALL) {
            assertThat(help.out()).containsPattern("(?m)^  " + command.name() + " ");
        }
        Run none = cli();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("missing command", "snapshots");
        Run typo = cli("snapshot", "--repo", repo.toString());
        assertThat(typo.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(typo.err()).contains("Unmatched argument", "snapshots");
        Run sub = cli("restore", "--help");
        assertThat(sub.code()).isEqualTo(ExitCodes.OK);
        assertThat(sub.out()).contains("Usage: strata-engine restore", "--target");
    }

    @Test
    void initBackupListRestoreCheckForgetGcAndRepairWork() throws Exception {
        assertThat(repoCmd("init", "--scrypt-n", "1024").code()).isEqualTo(ExitCodes.OK);

        Run first = repoCmd("backup", "--json", src.toString());
        assertThat(first.code()).as(first.err()).isEqualTo(ExitCodes.OK);
        assertThat(field(first.out(), "level")).isEqualTo("FULL");
        assertThat(field(first.out(), "filesRead")).isEqualTo("8");
        String firstId = field(first.out(), "snapshotId");

        Run second = repoCmd("backup", "--json", src.toString());
        assertThat(field(second.out(), "level")).isEqualTo("INCREMENTAL");
        assertThat(field(second.out(), "parent")).isEqualTo(firstId);
        assertThat(field(second.out(), "filesRead")).isEqualTo("0");
        assertThat(field(second.out(), "filesUnchanged")).isEqualTo("8");

        Run full = repoCmd("backup", "--json", "--level", "FULL", src.toString());
        assertThat(field(full.out(), "filesRead")).isEqualTo("8");
        Run diff = repoCmd("backup", "--json", "--level", "DIFFERENTIAL", "--parent", firstId.substring(0, 8), src.toString());
        assertThat(field(diff.out(), "level")).isEqualTo("DIFFERENTIAL");
        assertThat(field(diff.out(), "parent")).isEqualTo(firstId);

        Run snaps = repoCmd("snapshots", "--json");
        assertThat(snaps.out()).contains(firstId);
        assertThat(snaps.out().split("\"id\"")).hasSize(5);
        assertThat(repoCmd("snapshots").out()).contains(firstId.substring(0, 8)).contains("INCREMENTAL");

        Run ls = repoCmd("ls", "latest", src.resolve("sub1").toString());
        assertThat(ls.code()).isEqualTo(ExitCodes.OK);
        assertThat(ls.out()).contains(src.resolve("sub1/file1").toString()).doesNotContain("file0");
        assertThat(repoCmd("ls", "--json", firstId).out()).contains("\"type\":\"file\"");
        Run lsFile = repoCmd("ls", "latest", src.resolve("sub1/file1").toString());
        assertThat(lsFile.code()).isEqualTo(ExitCodes.OK);
        assertThat(lsFile.out().strip()).endsWith(src.resolve("sub1/file1").toString());
        Run lsMissing = repoCmd("ls", "latest", src.resolve("sub1/nope").toString());
        assertThat(lsMissing.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(lsMissing.err()).contains("no such path in the snapshot");
        assertThat(lsMissing.out()).contains(src.resolve("sub1").toString()); // the way there is shown
        Run lsThroughFile = repoCmd("ls", "latest", src.resolve("sub1/file1/below").toString());
        assertThat(lsThroughFile.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(lsThroughFile.err()).contains("not a directory: " + src.resolve("sub1/file1"));
        assertThat(lsThroughFile.out()).doesNotContain("file1");

        Path target = dir.resolve("restore");
        Run restore = repoCmd("restore", "latest", "--target", target.toString(), "--json");
        assertThat(restore.code()).as(restore.err()).isEqualTo(ExitCodes.OK);
        assertThat(field(restore.out(), "filesVerified")).isEqualTo("8");
        assertThat(field(restore.out(), "ownersNotApplied")).as("the files' owner is the user restoring them").isEqualTo("0");
        assertThat(Files.readAllBytes(target.resolve(src.toString().substring(1)).resolve("sub0/file4")))
                .isEqualTo(Files.readAllBytes(src.resolve("sub0/file4")));
        Path partial = dir.resolve("partial");
        assertThat(repoCmd("restore", firstId, "--target", partial.toString(), "--include", src.resolve("sub0").toString())
                .code()).isEqualTo(ExitCodes.OK);
        assertThat(partial.resolve(src.toString().substring(1)).resolve("sub1")).doesNotExist();

        Run check = repoCmd("check", "--read-data", "--json");
        assertThat(check.code()).isEqualTo(ExitCodes.OK);
        assertThat(field(check.out(), "ok")).isEqualTo("true");

        assertThat(repoCmd("forget", firstId, field(full.out(), "snapshotId")).code()).isEqualTo(ExitCodes.OK);
        Run gc = repoCmd("gc", "--json");
        assertThat(gc.code()).as(gc.err()).isEqualTo(ExitCodes.OK);
        Run repair = repoCmd("repair index", "--json");
        assertThat(repair.code()).as(repair.err()).isEqualTo(ExitCodes.OK);
        assertThat(Integer.parseInt(field(repair.out(), "blobs"))).isPositive();
        assertThat(repoCmd("check", "--read-data").out()).contains("no errors were found");
        assertThat(repoCmd("snapshots", "--json").out().split("\"id\"")).hasSize(3);
    }

    @Test
    void exitCodesTellWhatWentWrong() throws Exception {
        assertThat(repoCmd("snapshots").code()).isEqualTo(ExitCodes.NO_REPOSITORY);
        Path fileRepo = Files.writeString(dir.resolve("not-a-directory"), "kept");
        Run intoAFile = cli("init", "--repo", fileRepo.toString(), "--password-file", passwordFile.toString());
        assertThat(intoAFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(intoAFile.err()).contains("exists and is not a directory").doesNotContain("Exception");
        assertThat(repoCmd("init", "--scrypt-n", "1024").code()).isEqualTo(ExitCodes.OK);
        assertThat(repoCmd("init", "--scrypt-n", "1024").code()).isEqualTo(ExitCodes.NO_REPOSITORY);
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
        Run bad = cli("snapshots", "--repo", repo.toString(), "--password-file", wrong.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.WRONG_KEY);
        assertThat(bad.err()).contains("wrong password");
        assertThat(cli("snapshots", "--repo", repo.toString(), "--bogus").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(repoCmd("backup", "/does/not/exist").code()).isEqualTo(ExitCodes.FAILED);
        assertThat(repoCmd("backup", src.toString()).code()).isEqualTo(ExitCodes.OK);
        Path target = dir.resolve("never-created");
        Run nothing = repoCmd("restore", "latest", "--target", target.toString(), "--include", src.resolve("sub0").toString(),
                "--include", src.resolve("nope").toString(), "--include", src.resolve("sub1/file1/below").toString());
        assertThat(nothing.code()).as(nothing.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(nothing.err()).contains("has nothing at " + src.resolve("nope") + ", " + src.resolve("sub1/file1/below"))
                .doesNotContain(src.resolve("sub0") + ",");
        assertThat(target).doesNotExist();
        Path aFile = Files.writeString(dir.resolve("a-file"), "kept");
        Run notADirectory = repoCmd("restore", "latest", "--target", aFile.toString());
        assertThat(notADirectory.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notADirectory.err()).contains("exists and is not a directory").doesNotContain("Exception");
        Run belowAFile = repoCmd("restore", "latest", "--target", aFile.resolve("sub").toString());
        assertThat(belowAFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(belowAFile.err()).contains("cannot be created: " + aFile + " is not a directory")
                .doesNotContain("Exception");
        assertThat(Files.readString(aFile)).isEqualTo("kept");
        String config = Files.readString(repo.resolve("config"));
        Files.writeString(repo.resolve("config"), config.replace("version: 1", "version: 9"));
        Run v9 = repoCmd("snapshots");
        assertThat(v9.code()).isEqualTo(ExitCodes.UNSUPPORTED_VERSION);
        assertThat(v9.err()).contains("version 9");
    }

    @Test
    void aDamagedPackMakesCheckAndRestoreExitNonZeroNamingIt() throws Exception {
        repoCmd("init", "--scrypt-n", "1024");
        Run b = repoCmd("backup", "--json", src.toString());
        Path pack;
        try (Stream<Path> s = Files.walk(repo.resolve("data"))) {
            pack = s.filter(Files::isRegularFile).sorted((x, y) -> Long.compare(y.toFile().length(), x.toFile().length()))
                    .findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pack);
        bytes[100] ^= 1;
        Files.write(pack, bytes);
        Run check = repoCmd("check", "--read-data", "--json");
        assertThat(check.code()).isEqualTo(ExitCodes.DAMAGE_FOUND);
        assertThat(check.out()).contains(pack.getFileName().toString()).contains("affectedFiles");
        Run restore = repoCmd("restore", field(b.out(), "snapshotId"), "--target", dir.resolve("r").toString());
        assertThat(restore.code()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(restore.out()).contains("failed: ").contains(pack.getFileName().toString());
    }

    @Test
    void aPlatformKeyFileOpensTheRepositoryWithoutAnyPassword() throws Exception {
        repoCmd("init", "--scrypt-n", "1024");
        Path kek = Files.write(dir.resolve("kek.bin"), EngineFixtures.randomBytes(32, 5));
        assertThat(repoCmd("key add", "--new-kek-file", kek.toString(), "--label", "platform").code()).isEqualTo(ExitCodes.OK);
        repoCmd("backup", src.toString());
        Run viaKek = cli("snapshots", "--repo", repo.toString(), "--kek-file", kek.toString(), "--json");
        assertThat(viaKek.code()).as(viaKek.err()).isEqualTo(ExitCodes.OK);
        assertThat(repoCmd("key list", "--json").out()).contains("\"kind\":\"kek\"").contains("\"kind\":\"password\"");
        assertThat(new String(Files.readAllBytes(kek), StandardCharsets.ISO_8859_1)).hasSize(32);
    }

    @Test
    void aRestoreOntoAFullDiskStopsThereFailingAndSaysWhy() throws Exception {
        assertThat(repoCmd("init").code()).isEqualTo(ExitCodes.OK);
        assertThat(repoCmd("backup", src.toString()).code()).isEqualTo(ExitCodes.OK);
        Path target = Files.createDirectories(dir.resolve("small-disk"));
        try (SmallFileSystem disk = SmallFileSystem.mount(target, 100 << 10)) { // room for 2 of the 8 files
            Run full = repoCmd("restore", "latest", "--target", target.toString(), "--json");
            assertThat(full.code()).as(full.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(full.out()).contains("\"targetFull\":\"no room left in " + target).contains("No space left on device");
            Run text = repoCmd("restore", "latest", "--target", target.toString());
            assertThat(text.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(text.out()).contains("stopped: the target has no room left");
        }
    }

    @Test
    void aRestoreOntoAReadOnlyFileSystemStopsThereFailingAndSaysWhy() throws Exception {
        assertThat(repoCmd("init").code()).isEqualTo(ExitCodes.OK);
        assertThat(repoCmd("backup", src.toString()).code()).isEqualTo(ExitCodes.OK);
        Path target = Files.createDirectories(dir.resolve("read-only"));
        try (SmallFileSystem disk = SmallFileSystem.mount(target, 1 << 20)) {
            disk.remountReadOnly();
            Run json = repoCmd("restore", "latest", "--target", target.toString(), "--json");
            assertThat(json.code()).as(json.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(json.out()).contains("\"targetReadOnly\":\"" + target + " (at ").contains(") is on a read-only file system")
                    .contains("\"targetFull\":null");
            Run text = repoCmd("restore", "latest", "--target", target.toString());
            assertThat(text.code()).isEqualTo(ExitCodes.FAILED);
            assertThat(text.out()).contains("stopped: the target's file system is read-only");
        }
    }
}
