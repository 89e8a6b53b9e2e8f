package io.strata.engine.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Human-readable sizes, durations and times for the CLI. */
final class Formats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Formats() {
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.2f %s", v, units[u]);
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms < 60_000 ? String.format("%.2fs", ms / 1000.0) : String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    static String time(Instant t) {
        return TIME.format(t);
    }
}
