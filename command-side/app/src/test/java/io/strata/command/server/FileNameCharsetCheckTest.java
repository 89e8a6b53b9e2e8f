package io.strata.command.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileNameCharsetCheckTest {
    @Test
    void warnsOnlyWhereLocalServersAreAllowedAndNamesAreNotUtf8() {
        assertThat(FileNameCharsetCheck.warning(false, "ANSI_X3.4-1968", List.of(Path.of("/srv"))))
                .hasValueSatisfying(w -> assertThat(w).contains("ANSI_X3.4-1968").contains("LC_ALL=C.UTF-8"));
        assertThat(FileNameCharsetCheck.warning(false, "ISO-8859-1", List.of(Path.of("/srv")))).isPresent();
        assertThat(FileNameCharsetCheck.warning(false, "UTF-8", List.of(Path.of("/srv")))).isEmpty();
        assertThat(FileNameCharsetCheck.warning(false, "ANSI_X3.4-1968", List.of())).isEmpty();
    }

    @Test
    void noWarningWhereNamesGoToTheFileSystemAsBytes() {
        assertThat(FileNameCharsetCheck.warning(true, "ANSI_X3.4-1968", List.of(Path.of("/srv")))).isEmpty();
    }
}
