package io.strata.command.browse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A path whose percent escapes are not UTF-8 is read again from the raw query, every byte kept. */
class PathParameterTest {

    @Test
    void aPathTheContainerDecodedCleanlyIsKept() {
        assertThat(PathParameter.of("/srv/caf\u00e9", "path=/srv/caf%C3%A9")).isEqualTo("/srv/caf\u00e9");
    }

    @Test
    void bytesThatAreNotUtf8ComeBackAsTheirEscapes() {
        assertThat(PathParameter.of("/srv/r\uFFFDsum\uFFFD", "x=1&path=/srv/r%E9sum%e9&y=%FF"))
                .isEqualTo("/srv/r\uDCE9sum\uDCE9");
        assertThat(PathParameter.of("/a b/\uFFFD", "path=/a+b/%FF")).isEqualTo("/a b/\uDCFF");
        assertThat(PathParameter.of("/caf\u00e9/\uFFFD", "path=/caf%C3%A9/%FF")).isEqualTo("/caf\u00e9/\uDCFF");
    }

    @Test
    void aRealReplacementCharacterStaysOne() {
        assertThat(PathParameter.of("/x\uFFFD", "path=/x%EF%BF%BD")).isEqualTo("/x\uFFFD");
        assertThat(PathParameter.of("/x\uFFFD", null)).isEqualTo("/x\uFFFD");
    }
}
