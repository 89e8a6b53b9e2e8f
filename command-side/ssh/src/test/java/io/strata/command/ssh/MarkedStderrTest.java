package io.strata.command.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A tar loop's stderr split into its batches' messages at the marker line, however the bytes arrive. */
class MarkedStderrTest {
    static final String MARKER = "strata-tar-end-0123456789abcdef";
    static final Duration WAIT = Duration.ofMillis(200);

    static TarLoop.MarkedStderr stderr() {
        return new TarLoop.MarkedStderr(("\n" + MARKER + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void write(TarLoop.MarkedStderr err, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        err.write(b, 0, b.length);
    }

    @Test
    void batchesAreSplitAtTheMarkerEvenWhenItArrivesByteByByte() throws Exception {
        TarLoop.MarkedStderr err = stderr();
        String all = "tar: a: Cannot stat: No such file or directory\n\n" + MARKER + "\n" + "\n" + MARKER + "\n"
                + "tar: b: file changed as we read it\n\n" + MARKER + "\n";
        for (byte b : all.getBytes(StandardCharsets.UTF_8)) {
            err.write(b);
        }
        assertThat(err.next(WAIT, "test")).isEqualTo("tar: a: Cannot stat: No such file or directory\n");
        assertThat(err.next(WAIT, "test")).isEmpty(); // a batch without messages
        assertThat(err.next(WAIT, "test")).isEqualTo("tar: b: file changed as we read it\n");
    }

    @Test
    void severalBatchesInOneWriteAndAMarkerSplitAcrossTwo() throws Exception {
        TarLoop.MarkedStderr err = stderr();
        write(err, "one\n\n" + MARKER + "\ntwo\n\n" + MARKER.substring(0, 10));
        write(err, MARKER.substring(10) + "\nthree");
        assertThat(err.next(WAIT, "test")).isEqualTo("one\n");
        assertThat(err.next(WAIT, "test")).isEqualTo("two\n");
        assertThatThrownBy(() -> err.next(WAIT, "host:22"))
                .isInstanceOfSatisfying(SshException.class, e -> assertThat(e.code()).isEqualTo(SshErrorCode.SSH_TIMEOUT))
                .hasMessageContaining("host:22");
        write(err, "\n\n" + MARKER + "\n");
        assertThat(err.next(WAIT, "test")).isEqualTo("three\n");
    }

    @Test
    void aFloodOfMessagesKeepsItsEndAndTheMarkerIsStillFound() throws Exception {
        TarLoop.MarkedStderr err = stderr();
        String line = "tar: some/file: file changed as we read it\n";
        for (int i = 0; i < 20_000; i++) { // about 860 KB, far over the limit
            write(err, line);
        }
        write(err, "the last line\n\n" + MARKER + "\nnext batch\n\n" + MARKER + "\n");
        String first = err.next(WAIT, "test");
        assertThat(first.length()).isLessThanOrEqualTo(CommandStream.STDERR_LIMIT);
        assertThat(first).endsWith(line + "the last line\n");
        assertThat(err.next(WAIT, "test")).isEqualTo("next batch\n");
    }
}
