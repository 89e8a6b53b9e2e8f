package io.strata.command.datadir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The node's data directory ({@code strata.data-dir}, environment {@code STRATA_DATA_DIR}; default
 * {@code ./strata-data}). Sub-directories are created on first use, readable by the platform's user only.
 */
@ConfigurationProperties("strata")
public record DataDirectory(@DefaultValue("./strata-data") Path dataDir) {

    /** The named sub-directory, created (mode 700) when missing. */
    public Path resolve(String name) {
        Path dir = dataDir.toAbsolutePath().normalize().resolve(name);
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                restrictToOwner(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir + ": check STRATA_DATA_DIR and its permissions", e);
        }
    }

    private static void restrictToOwner(Path dir) throws IOException {
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
