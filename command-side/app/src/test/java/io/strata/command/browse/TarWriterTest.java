package io.strata.command.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.engine.metadata.DeviceNumbers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        tar.header(new TarWriter.Entry("d", TarWriter.Kind.DIRECTORY, 0755, 0, 0, "root", "root", 0, mtime, null, 0));
        byte[] content = "hello\n".getBytes(StandardCharsets.US_ASCII);
        tar.header(new TarWriter.Entry("d/f", TarWriter.Kind.FILE, 0644, 0, 0, "root", "root", content.length, mtime,
                null, 0));
        tar.content(content, content.length);
        tar.endOfFile();
        tar.header(new TarWriter.Entry("d/null", TarWriter.Kind.CHAR_DEVICE, 0666, 0, 0, "root", "root", 0, mtime, null,
                DeviceNumbers.of(1, 3)));
        // a major above 255 and a minor above 255: the parts glibc's encoding keeps in the high bits
        tar.header(new TarWriter.Entry("d/disk", TarWriter.Kind.BLOCK_DEVICE, 0660, 0, 6, "root", "disk", 0, mtime, null,
                DeviceNumbers.of(259, 65_537)));
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
}
