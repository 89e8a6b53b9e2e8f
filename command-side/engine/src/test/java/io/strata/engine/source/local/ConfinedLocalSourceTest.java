package io.strata.engine.source.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.EngineFixtures;
import io.strata.engine.metadata.FileMetadata;
import io.strata.engine.metadata.FileType;
import io.strata.engine.source.Source;
import io.strata.engine.source.SourceEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a directory that someone else can change while it is read: nothing outside it is ever read,
 * whatever is swapped for a link, and what is inside reads as {@link LocalSource} reads it.
 */
class ConfinedLocalSourceTest {
    @TempDir
    Path dir;
    Path root;
    Path outside;

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("tenant");
        outside = dir.resolve("elsewhere");
        EngineFixtures.write(root.resolve("a/b/file"), "inside".getBytes(StandardCharsets.UTF_8));
        EngineFixtures.write(root.resolve("top"), EngineFixtures.randomBytes(100_000, 3));
        Files.createSymbolicLink(root.resolve("a/link"), Path.of("/etc"));
        EngineFixtures.write(outside.resolve("b/file"), "SECRET".getBytes(StandardCharsets.UTF_8));
    }

    private static String read(ReadableByteChannel ch) throws IOException {
        try (ch) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b) > 0) {
                // until the end
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }

    /** Replaces the directory {@code a} under the root by a link to the outside directory. */
    private void swapAForALinkOutside() throws IOException {
        Files.move(root.resolve("a"), root.resolve("a.moved"));
        Files.createSymbolicLink(root.resolve("a"), outside);
    }

    @Test
    void readsWhatIsInsideAsTheLocalSourceDoes() throws IOException {
        LocalSource plain = new LocalSource();
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            for (String d : List.of(root.toString(), root + "/a", root + "/a/b")) {
                assertThat(comparable(confined.list(d))).isEqualTo(comparable(plain.list(d)));
            }
            for (String p : List.of(root.toString(), root + "/top", root + "/a/link", root + "/a/b/file")) {
                assertThat(withoutAtime(confined.stat(p))).isEqualTo(withoutAtime(plain.stat(p)));
                assertThat(confined.xattrs(p)).isEqualTo(plain.xattrs(p));
            }
            assertThat(confined.stat(root + "/a/link").type()).isEqualTo(FileType.SYMLINK);
            assertThat(confined.stat(root + "/a/link").symlinkTarget()).isEqualTo("/etc");
            assertThat(read(confined.open(root + "/a/b/file"))).isEqualTo("inside");
            assertThat(read(confined.open(root + "/top"))).isEqualTo(read(plain.open(root + "/top")));
        }
    }

    @Test
    void aDirectorySwappedForALinkBeforeItIsReachedIsNotFollowed() throws IOException {
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            assertThat(confined.list(root.toString())).extracting(SourceEntry::name).contains("a");
            swapAForALinkOutside();
            assertThatThrownBy(() -> confined.open(root + "/a/b/file")).isInstanceOf(IOException.class)
                    .hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> confined.list(root + "/a/b")).isInstanceOf(IOException.class)
                    .hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> confined.stat(root + "/a/b/file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.list(root + "/a")).isInstanceOf(IOException.class);
            // the link itself is an entry like any other, recorded as a link
            assertThat(confined.stat(root + "/a").type()).isEqualTo(FileType.SYMLINK);
        }
        assertThat(read(new LocalSource().open(root + "/a/b/file"))).isEqualTo("SECRET"); // what a path walk reads
    }

    @Test
    void aDirectoryAlreadyReachedStaysTheOneThatWasInside() throws IOException {
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            assertThat(read(confined.open(root + "/a/b/file"))).isEqualTo("inside");
            swapAForALinkOutside();
            // the directory opened before the swap is the one that moved; its file is read, never the outside one
            assertThat(read(confined.open(root + "/a/b/file"))).isEqualTo("inside");
        }
    }

    @Test
    void pathsOutsideTheDirectoryOrClimbingOutOfItAreRefused() throws IOException {
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            assertThatThrownBy(() -> confined.open(outside + "/b/file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.list(outside.toString())).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.open(root + "/a/../../elsewhere/b/file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.open(root + "/../elsewhere/b/file")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.open(root + "/a/link/passwd")).isInstanceOf(IOException.class)
                    .hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> confined.open(root + "/a/link")).isInstanceOf(IOException.class);
        }
    }

    /**
     * Names are bytes: one that is not valid UTF-8 is listed as the string standing for its bytes (the bad byte as
     * U+DCFF) and read by that string, in either source, whatever the JVM's locale; a string no bytes stand for (a
     * lone surrogate other than an escaped byte) fails with a checked error, never an unchecked one that ends a backup.
     */
    @Test
    void namesThatAreNotUtf8AreListedAndReadByTheirBytes() throws Exception {
        EngineFixtures.writeNamedByBytes(root, "bad\\377");
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            for (Source source : List.<Source>of(confined, new LocalSource())) {
                SourceEntry bad = source.list(root.toString()).stream().filter(e -> e.name().startsWith("bad"))
                        .findFirst().orElseThrow();
                assertThat(bad.name()).isEqualTo("bad\uDCFF");
                assertThat(bad.metadata().type()).isEqualTo(FileType.FILE);
                assertThat(read(source.open(root + "/bad\uDCFF"))).isEqualTo("x");
                assertThat(source.stat(root + "/bad\uDCFF").size()).isEqualTo(1);
            }
            for (LocalOrConfined call : List.<LocalOrConfined>of(
                    p -> confined.open(p), p -> confined.stat(p), p -> new LocalSource().open(p), p -> new LocalSource().stat(p))) {
                assertThatThrownBy(() -> call.on(root + "/lone\uD800"))
                        .isInstanceOf(java.nio.file.FileSystemException.class).hasMessageContaining("cannot be encoded");
            }
        }
    }

    private interface LocalOrConfined {
        Object on(String path) throws IOException;
    }

    /** A plan may name a path through a link that stays inside (current -> releases/5): it is followed. */
    @Test
    void linksOnTheWayThatStayInsideAreFollowedAndOthersAreNot() throws IOException {
        Files.createSymbolicLink(root.resolve("current"), Path.of("a/b"));              // relative, inside
        Files.createSymbolicLink(root.resolve("a/up"), Path.of(".."));                   // the root itself
        Files.createSymbolicLink(root.resolve("absolute"), root.resolve("a"));           // absolute, inside
        Files.createSymbolicLink(root.resolve("climbs"), Path.of("a/../../elsewhere/b")); // leaves by ..
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        try (ConfinedLocalSource confined = new ConfinedLocalSource(root)) {
            assertThat(read(confined.open(root + "/current/file"))).isEqualTo("inside");
            assertThat(read(confined.open(root + "/a/up/a/b/file"))).isEqualTo("inside");
            assertThat(read(confined.open(root + "/absolute/b/file"))).isEqualTo("inside");
            assertThatThrownBy(() -> confined.list(root + "/current/..")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> confined.open(root + "/climbs/file")).hasMessageContaining("above");
            assertThatThrownBy(() -> confined.open(root + "/loop/file")).hasMessageContaining("too many symbolic links");
            assertThat(confined.stat(root + "/current").type()).isEqualTo(FileType.SYMLINK); // the last one is not
        }
    }

    @Test
    void theDirectoryItselfMayBeReachedThroughALinkWhenTheSourceIsMade() throws IOException {
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), root);
        try (ConfinedLocalSource confined = new ConfinedLocalSource(alias)) {
            assertThat(confined.root()).isEqualTo(root.toRealPath());
            assertThat(read(confined.open(root.toRealPath() + "/a/b/file"))).isEqualTo("inside");
            assertThat(read(confined.open(alias + "/a/b/file"))).isEqualTo("inside"); // as the caller named it
            assertThat(confined.list(alias.toString())).extracting(SourceEntry::name).contains("a", "top");
        }
    }

    @Test
    void aClosedSourceReadsNothing() throws IOException {
        ConfinedLocalSource confined = new ConfinedLocalSource(root);
        confined.open(root + "/a/b/file").close();
        confined.close();
        assertThatThrownBy(() -> confined.open(root + "/a/b/file")).isInstanceOf(Exception.class);
    }

    /** Entries by name, without access times: reading a link's target may move its atime between two reads. */
    private static List<SourceEntry> comparable(List<SourceEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(SourceEntry::name))
                .map(e -> new SourceEntry(e.name(), withoutAtime(e.metadata()))).toList();
    }

    private static FileMetadata withoutAtime(FileMetadata m) {
        return new FileMetadata(m.type(), m.mode(), m.uid(), m.gid(), m.user(), m.group(), m.size(), m.mtimeNanos(), 0,
                m.ctimeNanos(), m.inode(), m.device(), m.links(), m.rdev(), m.symlinkTarget(), m.xattrs());
    }
}
