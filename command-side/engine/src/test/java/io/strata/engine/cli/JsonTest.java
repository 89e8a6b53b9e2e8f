package io.strata.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The CLI's JSON keeps every name: control characters and the escaped bytes of names that are not UTF-8 as \\u escapes. */
class JsonTest {

    @Test
    void escapesControlCharactersAndLoneSurrogatesAndKeepsPairs() {
        assertThat(Json.write(List.of("tab\there", "bad\uDCFF\uDCFEname", "smile \uD83D\uDE00", "quote \" \\")))
                .isEqualTo("[\"tab\\there\",\"bad\\udcff\\udcfename\",\"smile \uD83D\uDE00\",\"quote \\\" \\\\\"]");
    }
}
