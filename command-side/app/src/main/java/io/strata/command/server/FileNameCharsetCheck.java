package io.strata.command.server;

import io.strata.engine.metadata.FileNames;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when LOCAL servers are allowed but this JVM cannot name every file. Where the JDK's
 * {@code sun.nio.fs} is open to the engine (the platform's start opens it), names go to the file system as bytes and
 * every name can be read and written ({@link FileNames#BYTES}). Otherwise the JVM encodes file names in its locale's
 * character set, fixed when it starts; in the C or POSIX locale (no {@code LANG}, as in many containers) that is
 * ASCII, and a LOCAL server's file whose name has any other character is then reported unreadable by every backup,
 * and cannot be restored to a LOCAL path. SSH servers are not affected: their names travel as bytes.
 */
@Component
class FileNameCharsetCheck {
    private static final Logger log = LoggerFactory.getLogger(FileNameCharsetCheck.class);

    FileNameCharsetCheck(ServerProperties properties) {
        warning(FileNames.BYTES, FileNames.charset(), properties.localRoots()).ifPresent(log::warn);
    }

    /**
     * The warning for a JVM that passes names as bytes or not ({@code bytes}) and whose file name charset is
     * {@code charset}, with these LOCAL roots; empty if none is due.
     */
    static Optional<String> warning(boolean bytes, String charset, List<Path> localRoots) {
        if (bytes || localRoots.isEmpty() || "UTF-8".equals(charset)) {
            return Optional.empty();
        }
        return Optional.of("This node names files in " + charset + ", not UTF-8 (its locale's character set): files of"
                + " LOCAL servers whose names it cannot encode will be reported unreadable and cannot be restored to"
                + " LOCAL paths, and names that are not UTF-8 cannot be read at all. Start it with the JVM option"
                + " --add-opens java.base/sun.nio.fs=ALL-UNNAMED (as the platform's jar does), or at least in a UTF-8"
                + " locale, e.g. with LC_ALL=C.UTF-8.");
    }
}
