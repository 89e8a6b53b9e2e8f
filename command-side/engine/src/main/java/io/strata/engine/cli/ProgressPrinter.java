package io.strata.engine.cli;

import io.strata.engine.progress.Progress;
import io.strata.engine.progress.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;

/** Prints progress on one refreshed stderr line (files, bytes, rate, ETA) when stderr is a terminal. */
final class ProgressPrinter implements ProgressListener {
    private final PrintStream err;

    private ProgressPrinter(PrintStream err) {
        this.err = err;
    }

    static ProgressListener forTerminal(boolean json) {
        return System.console() != null && !json ? new ProgressPrinter(System.err) : ProgressListener.NONE;
    }

    @Override
    public void onProgress(Progress p) {
        Duration eta = p.eta();
        err.printf("\r[%s] %d/%d files, %s/%s, %s/s%s   ", Formats.duration(p.elapsed()), p.filesDone(), p.filesTotal(),
                Formats.bytes(p.bytesDone()), Formats.bytes(p.bytesTotal()), Formats.bytes((long) p.bytesPerSecond()),
                eta == null ? "" : ", ETA " + Formats.duration(eta));
        err.flush();
    }
}
