package io.strata.engine.output.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.SystemXattrs;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.metadata.Xattr;
import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restored file takes its path only when committed, whatever was there, and never writes through it. */
class LocalOutputTest {
    @TempDir
    Path root;

    private void restore(LocalOutput out, String path, String content, boolean commit) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (OutputFile f = out.createFile(path, file(0644))) {
            f.write(0, bytes, 0, bytes.length);
            f.finish(bytes.length);
            if (commit) {
                f.commit();
            }
        }
    }

    @Test
    void aCommittedFileReplacesAFileASymlinkADanglingSymlinkAndAnEmptyDirectory() throws IOException {
        Path outside = Files.writeString(root.resolveSibling(root.getFileName() + "-outside.txt"), "must not change");
        Path target = Files.createDirectories(root.resolve("t"));
        Files.writeString(target.resolve("file"), "old");
        Files.createSymbolicLink(target.resolve("link"), outside);
        Files.createSymbolicLink(target.resolve("dangling"), Path.of("no/such/file"));
        Files.createDirectory(target.resolve("dir"));
        LocalOutput out = new LocalOutput(target);
        for (String name : new String[] {"file", "link", "dangling", "dir", "fresh"}) {
            restore(out, "/" + name, "new " + name, true);
        }
        for (String name : new String[] {"file", "link", "dangling", "dir", "fresh"}) {
            Path p = target.resolve(name);
            assertThat(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).as(name).isTrue();
            assertThat(Files.readString(p)).isEqualTo("new " + name);
        }
        assertThat(Files.readString(outside)).isEqualTo("must not change");
        assertThat(leftovers(target)).isEmpty();
        Files.delete(outside);
    }

    /** An attribute the system refuses (here a namespace Linux does not know) is counted; the others are set. */
    @Test
    void extendedAttributesTheSystemRefusesAreCountedAndTheRestSet() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        LocalOutput out = new LocalOutput(target);
        restore(out, "/f", "x", true);
        out.applyMetadata("/f", file(0644).withXattrs(List.of(new Xattr("no-such-namespace.x", new byte[] {1}),
                new Xattr("user.kept", new byte[] {2}))));
        assertThat(out.xattrsNotApplied()).isEqualTo(1);
        assertThat(SystemXattrs.dump(target)).isEqualTo(Map.of("f", Map.of("user.kept", "02")));
    }

    @Test
    void anUncommittedFileLeavesWhatWasThereAndNoTrace() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        Files.writeString(target.resolve("kept"), "old");
        LocalOutput out = new LocalOutput(target);
        restore(out, "/kept", "unverified", false);
        restore(out, "/new", "unverified", false);
        assertThat(Files.readString(target.resolve("kept"))).isEqualTo("old");
        assertThat(target.resolve("new")).doesNotExist();
        assertThat(leftovers(target)).isEmpty();
    }

    @Test
    void aNonEmptyDirectoryIsNotReplaced() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        Files.writeString(Files.createDirectories(target.resolve("full")).resolve("inside"), "kept");
        LocalOutput out = new LocalOutput(target);
        assertThatThrownBy(() -> restore(out, "/full", "file", true)).isInstanceOf(IOException.class);
        assertThat(Files.readString(target.resolve("full/inside"))).isEqualTo("kept");
        assertThat(leftovers(target)).isEmpty();
    }

    /**
     * A name this JVM cannot encode (a lone surrogate here; in the C locale, any name outside ASCII) fails that path
     * alone with a checked error saying so, as {@link Output} asks, in either mode; it was an unchecked exception.
     */
    @Test
    void aNameThisJvmCannotEncodeFailsThatPathWithACheckedError() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        Files.writeString(target.resolve("plain"), "x");
        String bad = "/lone\uD800";
        for (LocalOutput out : List.of(new LocalOutput(target), LocalOutput.confined(target))) {
            List<PathCall> calls = List.of(
                    () -> out.createDirectory(bad), () -> out.createFile(bad, file(0644)).close(),
                    () -> out.createSymlink(bad, "plain"), () -> out.createSymlink("/link", "t\uD800"),
                    () -> out.createHardLink(bad, "/plain"), () -> out.createHardLink("/hard", bad),
                    () -> out.applyMetadata(bad, file(0644)));
            for (PathCall call : calls) {
                assertThatThrownBy(call::run).isInstanceOf(java.nio.file.FileSystemException.class)
                        .hasMessageContaining("cannot be encoded");
            }
        }
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left).containsExactly(target.resolve("plain"));
        }
    }

    private interface PathCall {
        void run() throws IOException;
    }

    private static FileMetadata file(int mode) {
        return new FileMetadata(FileType.FILE, mode, 0, 0, null, null, 1, 1_700_000_000_123_456_789L,
                1_700_000_000_123_456_789L, 0, 0, 0, 1, 0, null, List.of());
    }

    /**
     * Owners that cannot be applied are counted: restoring as a user that may not chown (the tests run as root, so
     * the output is told so), every entry recorded with another owner than that user's; as root, none.
     */
    @Test
    void ownersThatCannotBeAppliedAreCounted() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        int uid = (Integer) Files.getAttribute(target, "unix:uid");
        int gid = (Integer) Files.getAttribute(target, "unix:gid");
        FileMetadata ours = owned(uid, gid);
        FileMetadata theirs = owned(uid + 4242, gid);
        LocalOutput notRoot = new LocalOutput(target, null, false);
        for (String name : List.of("a", "b", "c")) {
            restore(notRoot, "/" + name, name, true);
        }
        notRoot.applyMetadata("/a", ours);
        notRoot.applyMetadata("/b", theirs);
        notRoot.applyMetadata("/c", owned(uid, gid + 7));
        assertThat(notRoot.ownersNotApplied()).isEqualTo(2);
        assertThat(Files.getAttribute(target.resolve("b"), "unix:uid")).isEqualTo(uid);

        if (uid == 0) { // root changes owners: nothing left out
            LocalOutput asRoot = new LocalOutput(target);
            asRoot.applyMetadata("/b", theirs);
            assertThat(asRoot.ownersNotApplied()).isZero();
            assertThat(Files.getAttribute(target.resolve("b"), "unix:uid")).isEqualTo(uid + 4242);
        }
    }

    private static FileMetadata owned(int uid, int gid) {
        return new FileMetadata(FileType.FILE, 0644, uid, gid, null, null, 1, 1_700_000_000_123_456_789L,
                1_700_000_000_123_456_789L, 0, 0, 0, 1, 0, null, List.of());
    }

    @Test
    void aFileIsCreatedWithNoPermissionItsFinalModeWithholdsAndTheUsualModesAsTheyEnd() {
        for (int mode = 0; mode <= 07777; mode++) {
            int created = LocalOutput.creationMode(mode);
            int owner = (mode >>> 6) & 07;
            int group = (mode >>> 3) & 07;
            int others = mode & 07;
            for (int granted : new int[] {(created >>> 3) & 07, created & 07}) { // to the group and to others
                assertThat(granted & ~(owner & group & others)).as("%o", mode).isZero();
            }
            assertThat(created & ~0777).as("%o: no setuid, setgid or sticky before chown", mode).isZero();
            assertThat((created >>> 6) & 07).as("%o: the owner can write", mode).isEqualTo(owner | 06);
        }
        for (int usual : new int[] {0644, 0755, 0600, 0700}) {
            assertThat(LocalOutput.creationMode(usual)).isEqualTo(usual);
        }
        assertThat(LocalOutput.creationMode(0640)).isEqualTo(0600);
        assertThat(LocalOutput.creationMode(0604)).isEqualTo(0600);
        assertThat(LocalOutput.creationMode(04755)).isEqualTo(0755);
    }

    @Test
    void whileItIsWrittenAFileIsNoMoreOpenThanItWillBeAndEndsWithItsMode() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        LocalOutput out = new LocalOutput(target);
        for (int mode : new int[] {0640, 0644, 0444, 0604, 02755}) {
            String name = "/m" + Integer.toOctalString(mode);
            try (OutputFile f = out.createFile(name, file(mode))) {
                int during = (Integer) Files.getAttribute(target.resolve(name.substring(1)), "unix:mode",
                        LinkOption.NOFOLLOW_LINKS) & 07777;
                assertThat(during & ~LocalOutput.creationMode(mode)).as("%o", mode).isZero(); // the umask may take more
                f.write(0, new byte[] {1}, 0, 1);
                f.finish(1);
                f.commit();
            }
            out.applyMetadata(name, file(mode));
            assertThat(Files.getAttribute(target.resolve(name.substring(1)), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                    .as("%o", mode).isEqualTo(0100000 | mode);
        }
    }

    @Test
    void aFileEndingInAHoleGetsItsFullSize() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        LocalOutput out = new LocalOutput(target);
        try (OutputFile f = out.createFile("/holey", file(0644))) {
            f.write(0, new byte[] {1, 2, 3}, 0, 3);
            f.finish(1 << 20); // the rest is zeros the restorer skipped
            f.commit();
        }
        byte[] restored = Files.readAllBytes(target.resolve("holey"));
        byte[] expected = new byte[1 << 20];
        expected[0] = 1;
        expected[1] = 2;
        expected[2] = 3;
        assertThat(restored).isEqualTo(expected);
    }

    /** A symbolic link put in place of a restored file before its metadata: the link's target keeps its mode. */
    @Test
    void theModeIsNeverAppliedThroughALinkPutAtThePath() throws IOException {
        assertThat(NoFollowCalls.modeAvailable()).as("fchmodat through the JDK (tests open java.base/sun.nio.fs)").isTrue();
        Path target = Files.createDirectories(root.resolve("t"));
        Path outside = Files.writeString(root.resolve("outside"), "host file");
        Files.setAttribute(outside, "unix:mode", 0644);
        LocalOutput out = new LocalOutput(target);
        restore(out, "/file", "restored", true);
        Files.delete(target.resolve("file"));
        Files.createSymbolicLink(target.resolve("file"), outside);

        assertThatThrownBy(() -> out.applyMetadata("/file", file(04755))).isInstanceOf(IOException.class);
        assertThat(Files.getAttribute(outside, "unix:mode")).isEqualTo(0100644);
    }

    /**
     * A directory of the target replaced by a link to elsewhere after the restore made it (what another restore
     * into the same directory, or anyone who can write there, could do): nothing is written, created, changed or
     * linked where the link points.
     */
    @Test
    void aConfinedOutputNeverReachesThroughADirectoryReplacedByALink() throws IOException {
        Path target = Files.createDirectories(root.resolve("t"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Path victim = Files.writeString(elsewhere.resolve("victim"), "host file");
        Files.setAttribute(victim, "unix:mode", 0644);
        try (LocalOutput out = LocalOutput.confined(target)) {
            out.createDirectory("/d");
            out.createDirectory("/kept");
            restore(out, "/kept/a", "a", true); // the output now holds "kept" open
            Files.delete(target.resolve("d"));
            Files.createSymbolicLink(target.resolve("d"), elsewhere);
            Files.move(target.resolve("kept"), root.resolve("kept-moved"));
            Files.createSymbolicLink(target.resolve("kept"), elsewhere);

            assertThatThrownBy(() -> restore(out, "/d/victim", "tenant data", true)).isInstanceOf(IOException.class)
                    .hasMessageContaining("symbolic link").hasMessageNotContaining("/proc/");
            assertThatThrownBy(() -> restore(out, "/d/new", "tenant data", true)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> out.createDirectory("/d/sub")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> out.createSymlink("/d/link", "/")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> out.applyMetadata("/d/victim", file(04755))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> out.createHardLink("/hardlink", "/d/victim")).isInstanceOf(IOException.class);
            restore(out, "/kept/b", "written where the output had the directory open", true);
        }
        assertThat(Files.readString(victim)).isEqualTo("host file");
        assertThat(Files.getAttribute(victim, "unix:mode")).isEqualTo(0100644);
        try (Stream<Path> all = Files.list(elsewhere)) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactly("victim");
        }
        assertThat(target.resolve("hardlink")).doesNotExist();
        assertThat(root.resolve("kept-moved/b")).hasContent("written where the output had the directory open");
    }

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(Output.TEMPORARY_PREFIX)).toList();
        }
    }
}
