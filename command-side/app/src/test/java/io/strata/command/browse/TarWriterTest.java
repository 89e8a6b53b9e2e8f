package io.strata.command.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.metadata.DeviceNumbers;
import io.strata.engine.metadata.Xattr;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What GNU tar reads from the archives downloads are written as. */
class TarWriterTest {

    @TempDir
    Path tmp;

    @Test
    void gnuTarListsEntriesWithTheirSizesAndDevicesWithTheirNumbers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(bytes);
        long mtime = 1_600_000_000_000_000_000L;
        tar.header(new TarWriter.Entry("d", TarWriter.Kind.DIRECTORY, 0755, 0, 0, "root", "root", 0, mtime, null, 0, List.of()));
        byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);
        tar.header(new TarWriter.Entry("d/f", TarWriter.Kind.FILE, 0644, 0, 0, "root", "root", content.length, mtime,
                null, 0, List.of()));
        tar.content(content, content.length);
        tar.endOfFile();
        tar.header(new TarWriter.Entry("d/null", TarWriter.Kind.CHAR_DEVICE, 0666, 0, 0, "root", "root", 0, mtime, null,
                DeviceNumbers.of(1, 3), List.of()));
        // a major above 255 and a minor above 255: the parts glibc's encoding keeps in the high bits
        tar.header(new TarWriter.Entry("d/disk", TarWriter.Kind.BLOCK_DEVICE, 0660, 0, 6, "root", "disk", 0, mtime, null,
                DeviceNumbers.of(259, 65_537), List.of()));
        tar.finish();
        Path archive = tmp.resolve("download.tar");
        Files.write(archive, bytes.toByteArray());

        Process list = new ProcessBuilder("tar", "--numeric-owner", "-tvf", archive.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(list.waitFor()).as(String.join("\n", lines)).isZero();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("-rw-r--r--").contains(" 6 ").endsWith(" d/f");
        assertThat(lines.get(2)).startsWith("crw-rw-rw-").contains(" 1,3 ").endsWith(" d/null");
        assertThat(lines.get(3)).startsWith("brw-rw----").contains(" 259,65537 ").endsWith(" d/disk");
    }

    /** Extended attributes ride in PAX records that GNU tar sets with --xattrs, and that a plain extraction skips. */
    @Test
    void gnuTarSetsExtendedAttributesFromTheRecords() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TarWriter tar = new TarWriter(bytes);
        byte[] binary = {0, '\n', (byte) 0xff, '=', 0, ' '};
        byte[] content = "with attributes\n".getBytes(StandardCharsets.US_ASCII);
        tar.header(new TarWriter.Entry("f", TarWriter.Kind.FILE, 0644, 0, 0, "root", "root", content.length,
                1_600_000_000_000_000_000L, null, 0, List.of(new Xattr("user.binary", binary),
                        new Xattr("user.text", "ünïcödé".getBytes(StandardCharsets.UTF_8)), new Xattr("user.empty", new byte[0]))));
        tar.content(content, content.length);
        tar.endOfFile();
        tar.finish();
        Path archive = Files.write(tmp.resolve("download.tar"), bytes.toByteArray());

        Path withXattrs = Files.createDirectories(tmp.resolve("with"));
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        for (List<String> command : List.of(
                List.of("tar", "--xattrs", "--xattrs-include=*", "-xf", archive.toString(), "-C", withXattrs.toString()),
                List.of("tar", "-xf", archive.toString(), "-C", plain.toString()))) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).as(String.join(" ", command)).isEmpty(); // no warning about unknown keywords
        }
        assertThat(userXattrs(withXattrs.resolve("f"))).containsOnlyKeys("binary", "text", "empty")
                .containsEntry("binary", HexFormat.of().formatHex(binary))
                .containsEntry("text", HexFormat.of().formatHex("ünïcödé".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("empty", "");
        assertThat(Files.readAllBytes(plain.resolve("f"))).isEqualTo(content);
        assertThat(userXattrs(plain.resolve("f"))).isEmpty();
    }

    private static Map<String, String> userXattrs(Path p) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        Map<String, String> out = new TreeMap<>();
        for (String name : view.list()) {
            ByteBuffer b = ByteBuffer.allocate(view.size(name));
            view.read(name, b);
            out.put(name, HexFormat.of().formatHex(b.array(), 0, b.position()));
        }
        return out;
    }
}
