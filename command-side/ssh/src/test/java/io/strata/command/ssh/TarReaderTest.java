package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tar reader on archives written by this machine's GNU tar, in its gnu, pax and ustar formats. */
class TarReaderTest {
    @TempDir
    static Path dir;
    /** Relative name → content, for the regular files of the tree. */
    static final Map<String, byte[]> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void tree() throws IOException {
        Random rnd = new Random(7);
        String deep = "a-rather-long-directory-name-0123456789/".repeat(5) + "and-more-depth-0123456789/";
        String[] names = {
            "empty", "one", "block-511", "block-512", "block-513", "spaced name.txt", "ünïcödé-名前.txt",
            "new\nline", "x".repeat(255), deep + "file-in-deep-path", deep + "y".repeat(200),
            "short-dir/" + "z".repeat(99), "short-dir/" + "z".repeat(100), "short-dir/" + "z".repeat(101),
        };
        int[] sizes = {0, 1, 511, 512, 513, 17, 4000, 3, 70_000, 1234, 5, 100, 0, 9999};
        for (int i = 0; i < names.length; i++) {
            byte[] content = new byte[sizes[i]];
            rnd.nextBytes(content);
            Path p = dir.resolve("t").resolve(names[i]);
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_123L + i * 1000L));
            FILES.put(names[i], content);
        }
        Files.createSymbolicLink(dir.resolve("t/link"), Path.of("x".repeat(150)));
        Files.writeString(dir.resolve("t/hl-a"), "two names");
        Files.createLink(dir.resolve("t/hl-b"), dir.resolve("t/hl-a"));
    }

    static byte[] gnuTar(String... options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tar", "-cf", "-", "-C", dir.resolve("t").toString()));
        cmd.addAll(List.of(options));
        cmd.add(".");
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as("tar " + String.join(" ", options)).isZero();
        return out;
    }

    record Read(TarReader.Entry entry, byte[] content) {
    }

    static Map<String, Read> readAll(byte[] archive) throws IOException {
        TarReader r = new TarReader(new ByteArrayInputStream(archive));
        Map<String, Read> out = new LinkedHashMap<>();
        for (TarReader.Entry e; (e = r.next()) != null; ) {
            byte[] content = e.isRegularFile() ? drain(r.content()) : null;
            String name = e.nameText();
            out.put(name.startsWith("./") ? name.substring(2) : name, new Read(e, content));
        }
        return out;
    }

    static byte[] drain(ReadableByteChannel ch) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(777); // odd size: reads straddle blocks and buffer refills
        while (ch.read(b) >= 0) {
            out.write(b.array(), 0, b.position());
            b.clear();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax", "posix"})
    void readsEveryEntryOfGnuTarsArchive(String format) throws Exception {
        Map<String, Read> read = readAll(gnuTar("--format=" + format));
        for (Map.Entry<String, byte[]> f : FILES.entrySet()) {
            Read got = read.get(f.getKey());
            assertThat(got).as(f.getKey()).isNotNull();
            assertThat(got.entry().isRegularFile()).as(f.getKey()).isTrue();
            assertThat(got.entry().size()).as(f.getKey()).isEqualTo(f.getValue().length);
            assertThat(got.content()).as(f.getKey()).isEqualTo(f.getValue());
            int i = new ArrayList<>(FILES.keySet()).indexOf(f.getKey());
            long seconds = 1_600_000_000L + i;
            assertThat(got.entry().mtimeNanos() / 1_000_000_000L).as(f.getKey() + " mtime").isEqualTo(seconds);
        }
        assertThat(read.get("link").entry().type()).isEqualTo('2');
        assertThat(new String(read.get("link").entry().linkName())).isEqualTo("x".repeat(150));
        // the second name of a hard link is a link to the first member, without content
        assertThat(List.of(read.get("hl-a").entry().type(), read.get("hl-b").entry().type()))
                .containsExactlyInAnyOrder('0', '1');
        assertThat(read.get("short-dir/").entry().type()).isEqualTo('5');
        if (!format.equals("gnu")) {
            // pax carries sub-second times
            int i = new ArrayList<>(FILES.keySet()).indexOf("one");
            assertThat(read.get("one").entry().mtimeNanos()).isEqualTo((1_600_000_000_123L + i * 1000L) * 1_000_000L);
        }
    }

    @Test
    void ustarSplitsLongNamesIntoPrefixAndName() throws Exception {
        // plain ustar cannot hold the 255-byte name or link target: archive only what it can
        String ok = "a-rather-long-directory-name-0123456789/".repeat(3) + "and-so-on/short";
        Path p = dir.resolve("u").resolve(ok);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "prefix and name");
        Process tar = new ProcessBuilder("tar", "-cf", "-", "--format=ustar", "-C", dir.resolve("u").toString(), ok)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] archive = tar.getInputStream().readAllBytes();
        assertThat(tar.waitFor()).isZero();
        assertThat(ok.length()).isGreaterThan(100);
        Map<String, Read> read = readAll(archive);
        assertThat(read).containsOnlyKeys(ok);
        assertThat(new String(read.get(ok).content())).isEqualTo("prefix and name");
    }

    @Test
    void skipsUnreadContentWhenMovingOn() throws Exception {
        TarReader r = new TarReader(new ByteArrayInputStream(gnuTar("--format=gnu")));
        int checked = 0;
        int partial = 0;
        for (TarReader.Entry e; (e = r.next()) != null; ) {
            String name = e.nameText().substring(2);
            if (!e.isRegularFile() || !FILES.containsKey(name)) {
                continue;
            }
            if (e.size() > 600 && partial++ % 2 == 0) {
                r.content().read(ByteBuffer.allocate(10)); // read a little, leave the rest to next()
            } else if (e.size() > 600) {
                continue; // read nothing
            } else {
                assertThat(drain(r.content())).as(name).isEqualTo(FILES.get(name));
                checked++;
            }
        }
        assertThat(partial).isGreaterThanOrEqualTo(3);
        assertThat(checked).isEqualTo(FILES.values().stream().filter(b -> b.length <= 600).count());
    }

    @Test
    void refusesACorruptedHeaderAndATruncatedStream() throws Exception {
        byte[] archive = gnuTar("--format=gnu");
        byte[] corrupt = archive.clone();
        corrupt[0] ^= 1; // the first header's name
        TarReader bad = new TarReader(new ByteArrayInputStream(corrupt));
        assertThatThrownBy(bad::next).isInstanceOf(IOException.class).hasMessageContaining("checksum");

        byte[] cut = Arrays.copyOf(archive, 512 + 100);
        TarReader truncated = new TarReader(new ByteArrayInputStream(cut));
        assertThatThrownBy(() -> {
            for (TarReader.Entry e; (e = truncated.next()) != null; ) {
                if (e.isRegularFile()) {
                    drain(truncated.content());
                }
            }
        }).isInstanceOf(EOFException.class);
    }

    @Test
    void readsOctalAndBase256Numbers() throws IOException {
        byte[] h = new byte[512];
        byte[] octal = "00000001750\0".getBytes();
        System.arraycopy(octal, 0, h, 124, 12);
        assertThat(TarReader.number(h, 124, 12, "size")).isEqualTo(01750);
        byte[] spaced = "   1750 \0".getBytes();
        Arrays.fill(h, 124, 136, (byte) 0);
        System.arraycopy(spaced, 0, h, 124, spaced.length);
        assertThat(TarReader.number(h, 124, 12, "size")).isEqualTo(01750);
        Arrays.fill(h, 124, 136, (byte) 0);
        h[124] = (byte) 0x80; // GNU base-256: 12 GiB
        h[131] = 0x03;
        assertThat(TarReader.number(h, 124, 12, "size")).isEqualTo(3L << 32);
        h[124] = (byte) 0xc0;
        assertThatThrownBy(() -> TarReader.number(h, 124, 12, "size")).isInstanceOf(IOException.class);
    }
}
