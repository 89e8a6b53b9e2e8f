package io.strata.engine.output.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.output.Output;
import io.strata.engine.output.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restored file takes its path only when committed, whatever was there, and never writes through it. */
class LocalOutputTest {
    @TempDir
    Path root;

    private void restore(LocalOutput out, String path, String content, boolean commit) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try (OutputFile f = out.createFile(path)) {
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

    private static List<String> leftovers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(Output.TEMPORARY_PREFIX)).toList();
        }
    }
}
