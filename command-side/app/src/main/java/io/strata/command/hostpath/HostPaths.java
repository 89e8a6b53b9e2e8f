package io.strata.command.hostpath;

import java.io.IOException;
import java.nio.file.Path;

/** Paths of the platform host as the kernel would follow them. */
public final class HostPaths {

    private HostPaths() {
    }

    /**
     * The path with symbolic links followed as far as it exists; the part not created yet is appended as
     * written. A link that cannot be followed (dangling, or a loop) ends the resolution where it stands.
     */
    public static Path resolved(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null) {
            try {
                return existing.toRealPath().resolve(existing.relativize(absolute));
            } catch (IOException e) {
                existing = existing.getParent();
            }
        }
        return absolute;
    }

    /** Whether one of the two is, contains or lies inside the other. */
    public static boolean overlap(Path a, Path b) {
        return a.startsWith(b) || b.startsWith(a);
    }
}
