package io.strata.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every byte sequence survives decoding and encoding; valid UTF-8 decodes and encodes as the JDK does. */
class LosslessUtf8Test {

    @Test
    void everyByteSequenceRoundTrips() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(24)];
            random.nextBytes(b);
            if (i % 3 == 0) { // mostly high bytes, where UTF-8 lead and continuation bytes meet
                for (int k = 0; k < b.length; k++) {
                    b[k] |= (byte) 0x80;
                }
            }
            assertThat(LosslessUtf8.encode(LosslessUtf8.decode(b))).as("bytes %s", java.util.HexFormat.of().formatHex(b))
                    .isEqualTo(b);
        }
    }

    @Test
    void validUtf8IsDecodedAndEncodedAsTheJdkDoes() {
        for (String s : new String[] {"", "plain", "café ✓", "emoji \uD83D\uDE00 here", "beyond \uDBFF\uDC80 a pair", "\uFFFD is a real character"}) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertThat(LosslessUtf8.decode(utf8)).isEqualTo(s);
            assertThat(LosslessUtf8.encode(s)).isEqualTo(utf8);
            assertThat(LosslessUtf8.hasEscapes(s)).isFalse();
            assertThat(LosslessUtf8.printable(s)).isSameAs(s);
        }
    }

    @Test
    void bytesThatAreNotUtf8BecomeEscapesShownAsReplacementCharacters() {
        byte[] latin1 = "été".getBytes(StandardCharsets.ISO_8859_1);
        String decoded = LosslessUtf8.decode(latin1);
        assertThat(decoded).isEqualTo("\uDCE9t\uDCE9");
        assertThat(LosslessUtf8.hasEscapes(decoded)).isTrue();
        assertThat(LosslessUtf8.printable(decoded)).isEqualTo("\uFFFDt\uFFFD");
        // what a strict decoder refuses is escaped byte by byte: overlong forms, encoded surrogates, beyond U+10FFFF,
        // sequences cut short
        assertThat(LosslessUtf8.decode(new byte[] {(byte) 0xC0, (byte) 0x80})).isEqualTo("\uDCC0\uDC80");
        assertThat(LosslessUtf8.decode(new byte[] {(byte) 0xED, (byte) 0xB2, (byte) 0x80})).isEqualTo("\uDCED\uDCB2\uDC80");
        assertThat(LosslessUtf8.decode(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}))
                .isEqualTo("\uDCF4\uDC90\uDC80\uDC80");
        assertThat(LosslessUtf8.decode(new byte[] {'a', (byte) 0xE2, (byte) 0x9C})).isEqualTo("a\uDCE2\uDC9C");
    }

    @Test
    void aLoneSurrogateNoDecodingMakesEncodesAsAQuestionMark() {
        assertThat(LosslessUtf8.encode("a\uD800b")).isEqualTo("a?b".getBytes(StandardCharsets.US_ASCII));
        assertThat(LosslessUtf8.printable("a\uD800b")).isEqualTo("a\uFFFDb");
    }

    @Test
    void writersAndReadersKeepTheBytes() {
        String name = LosslessUtf8.decode(new byte[] {'x', (byte) 0xFF, (byte) 0xFE});
        byte[] encoded = new ByteWriter().string(name).toByteArray();
        assertThat(encoded).containsExactly(3, 'x', 0xFF, 0xFE);
        assertThat(new ByteReader(encoded).string()).isEqualTo(name);
    }
}
