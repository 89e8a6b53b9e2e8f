package io.strata.engine.cli;

import java.io.IOException;
import java.net.InetAddress;

/** The host name recorded in snapshots by default. */
final class HostName {
    private HostName() {
    }

    static String get() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
