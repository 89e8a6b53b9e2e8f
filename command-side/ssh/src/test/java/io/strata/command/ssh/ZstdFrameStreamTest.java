package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** One zstd frame out of a longer stream: every kind of block, and not a byte beyond the frame. */
class ZstdFrameStreamTest {

    static byte[] compress(byte[] data, boolean checksum, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, level)) {
            z.setChecksum(checksum);
            // written in pieces, so the frame has no content size in its header (as zstd writes from a pipe)
            for (int i = 0; i < data.length; i += 100_000) {
                z.write(data, i, Math.min(100_000, data.length - i));
            }
        }
        return out.toByteArray();
    }

    /** Random bytes (stored raw), zeros (RLE blocks) and text (compressed blocks), several blocks each. */
    static byte[] content(int size) {
        byte[] b = new byte[size];
        Random rnd = new Random(size);
        int third = size / 3;
        byte[] random = new byte[third];
        rnd.nextBytes(random);
        System.arraycopy(random, 0, b, 0, third);
        byte[] text = "the quick brown fox jumps over the lazy dog ".repeat(size / 40 + 1).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 2 * third, size - 2 * third);
        return b;
    }

    @ParameterizedTest
    @CsvSource({"0, true", "1, false", "1000, true", "1000000, true", "1000000, false", "3000000, true"})
    void aFrameFollowedByMoreDataEndsExactlyAtTheFrame(int size, boolean checksum) throws IOException {
        byte[] data = content(size);
        byte[] frame = compress(data, checksum, 1);
        byte[] after = "0\nand a second frame follows".getBytes(StandardCharsets.US_ASCII);
        byte[] stream = concat(frame, after, compress(data, checksum, 3));
        InputStream in = new ByteArrayInputStream(stream);

        ZstdFrameStream first = new ZstdFrameStream(in);
        byte[] got;
        try (InputStream z = new ZstdInputStreamNoFinalizer(first)) {
            got = z.readAllBytes();
        }
        assertThat(got).isEqualTo(data);
        assertThat(first.finished()).isTrue();
        assertThat(in.readNBytes(after.length)).isEqualTo(after);

        ZstdFrameStream second = new ZstdFrameStream(in);
        assertThat(second.readAllBytes()).isEqualTo(compress(data, checksum, 3)); // byte for byte, the frame itself
        assertThat(second.finished()).isTrue();
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void aStreamEndingInsideTheFrameIsAnError() throws IOException {
        byte[] frame = compress(content(500_000), true, 1);
        for (int cut : new int[] {0, 3, 5, 9, frame.length / 2, frame.length - 1}) {
            ZstdFrameStream s = new ZstdFrameStream(new ByteArrayInputStream(Arrays.copyOf(frame, cut)));
            assertThatThrownBy(s::readAllBytes).as("cut at " + cut).isInstanceOf(EOFException.class);
            assertThat(s.finished()).isFalse();
        }
    }

    @Test
    void whatIsNoZstdFrameIsRefused() {
        ZstdFrameStream s = new ZstdFrameStream(new ByteArrayInputStream("tar: something went wrong\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(s::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("not a zstd frame");
        byte[] skippable = {0x50, 0x2A, 0x4D, 0x18, 0, 0, 0, 0};
        assertThatThrownBy(() -> new ZstdFrameStream(new ByteArrayInputStream(skippable)).readAllBytes())
                .hasMessageContaining("not a zstd frame");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
