package io.strata.engine.source.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.engine.source.Source;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file listed as regular but a FIFO by the time it is opened: the open fails, it never hangs the backup. */
class FileOpeningTest {
    @TempDir
    Path dir;
    Path fifo;

    @BeforeEach
    void makeFifo() throws Exception {
        fifo = dir.resolve("was-a-file");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).as("mkfifo (coreutils) makes the FIFO").isZero();
    }

    private void failsSoonWithoutBlocking(Source source) {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> source.open(fifo.toString())).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a regular file");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).as("released after the patience, not left waiting for a writer")
                .isBetween(FileOpening.PATIENCE.toMillis() - 100, FileOpening.PATIENCE.toMillis() + 5_000);
    }

    @Test
    void theLocalSourceDoesNotWaitForAWriterThatNeverComes() {
        failsSoonWithoutBlocking(new LocalSource());
    }

    @Test
    void theConfinedSourceDoesNotWaitForAWriterThatNeverComes() throws IOException {
        try (ConfinedLocalSource confined = new ConfinedLocalSource(dir)) {
            failsSoonWithoutBlocking(confined);
        }
    }

    @Test
    void aFifoThatOpensAtOnceIsRefusedAsWell() throws Exception {
        try (var writer = java.nio.channels.FileChannel.open(fifo, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) { // O_RDWR: a writer is there, so a reader opens at once
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> new LocalSource().open(fifo.toString())).isInstanceOf(FileSystemException.class)
                    .hasMessageContaining("not a regular file");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FileOpening.PATIENCE);
        }
    }

    @Test
    void aRegularFileOpensAndReads() throws IOException {
        Path file = Files.writeString(dir.resolve("regular"), "content");
        try (var ch = new LocalSource().open(file.toString())) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
            assertThat(ch.read(b)).isEqualTo(7);
        }
    }
}
