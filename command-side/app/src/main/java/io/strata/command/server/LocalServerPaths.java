package io.strata.command.server;

import io.strata.command.datadir.DataDirectory;
import io.strata.command.hostpath.HostPaths;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps a LOCAL server's backups and restores inside its directory on the platform host once symbolic links
 * are followed. Registering a server, creating a plan and requesting a restore check paths as written; but a
 * link can appear later under the server's directory (a restore puts back the links a backup held, or
 * something else on the host makes one), and a path through it would read or write anywhere the platform
 * may. So every run checks again when it starts, with links resolved: the server's directory must still lie
 * under a root the operator allows and may not hold the platform's data directory (whose key-encryption key
 * a backup would otherwise carry to the tenant), and each path must lead inside that directory.
 *
 * <p>What a run does below those paths stays inside: backups record links as links and descend only into
 * real directories; restores replace a link that stands where a directory or file goes instead of following
 * it. A link made in the middle of a run, between this check and its use: backups read through the engine's
 * {@code ConfinedLocalSource}, which reaches every file from the server's directory one component at a
 * time and never leaves it; restores write by path, so such a link is not caught for them (java.nio has no
 * descriptor-relative way to make directories, links and device files).
 */
@Component
public class LocalServerPaths {
    private final List<Path> localRoots;
    private final Path dataDirectory;

    public LocalServerPaths(ServerProperties properties, DataDirectory dataDirectory) {
        this.localRoots = properties.localRoots();
        this.dataDirectory = dataDirectory.dataDir();
    }

    /**
     * Why the paths would lead outside the LOCAL server's directory {@code localPath}, or empty when they do
     * not.
     *
     * @param lastMayBeALink true for paths backed up as they are (a link at the path itself is recorded, not
     *     followed: only the directories leading to it must be inside); false for a restore target, which is
     *     written through
     */
    public Optional<String> outside(String localPath, Collection<String> paths, boolean lastMayBeALink) {
        Path root;
        try {
            root = Path.of(localPath).toRealPath();
        } catch (NoSuchFileException e) {
            // nothing under a missing directory can be read (the backup reports its paths missing); a restore
            // would create it, through whatever its parents lead to
            return lastMayBeALink ? Optional.empty()
                    : Optional.of("The LOCAL server's directory " + localPath + " does not exist");
        } catch (IOException | InvalidPathException e) {
            return Optional.of("The LOCAL server's directory " + localPath + " cannot be resolved: " + e.getMessage());
        }
        if (localRoots.isEmpty()) {
            return Optional.of("This node allows no directories for LOCAL servers: set STRATA_SERVERS_LOCAL_ROOTS on"
                    + " every node alike");
        }
        if (!allows(root)) {
            return Optional.of("The LOCAL server's directory " + localPath + " now leads to " + root
                    + ", outside the directories the operator allows for LOCAL servers");
        }
        if (HostPaths.resolved(dataDirectory).startsWith(root)) {
            return Optional.of("The LOCAL server's directory " + localPath + " now leads to " + root
                    + ", which holds the platform's data directory");
        }
        for (String raw : paths) {
            Path path = Path.of(raw);
            Path probe = lastMayBeALink && !path.equals(Path.of(localPath)) ? path.getParent() : path;
            while (probe != null && !Files.exists(probe, LinkOption.NOFOLLOW_LINKS)) {
                probe = probe.getParent(); // what does not exist yet is created under its nearest existing ancestor
            }
            Path real;
            try {
                real = probe == null ? null : probe.toRealPath();
            } catch (IOException e) {
                return Optional.of("'" + raw + "' leads through " + probe + ", which cannot be resolved (a dangling "
                        + "symbolic link?): " + e.getMessage());
            }
            if (real == null || !real.startsWith(root)) {
                return Optional.of("'" + raw + "' leads outside the LOCAL server's directory " + localPath
                        + " through a symbolic link (to " + real + ")");
            }
        }
        return Optional.empty();
    }

    /** Whether a directory (its real path) lies under a root the operator allows for LOCAL servers. */
    boolean allows(Path real) {
        return localRoots.stream().anyMatch(allowed -> under(real, allowed));
    }

    private static boolean under(Path real, Path allowed) {
        try {
            return real.startsWith(allowed.toRealPath());
        } catch (IOException e) {
            return false; // a configured root that does not exist admits nothing
        }
    }
}
