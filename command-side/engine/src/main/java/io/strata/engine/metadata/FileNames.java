package io.strata.engine.metadata;

import io.strata.engine.codec.LosslessUtf8;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * File names as this JVM can name them. The JVM encodes names in its locale's character set, fixed when it starts
 * ({@code -Dsun.jnu.encoding} is ignored): in the C or POSIX locale that is ASCII, and a name with any other
 * character (or, in any locale, a string holding a lone UTF-16 surrogate) cannot become a {@link Path}. Local
 * sources and outputs turn that into a checked error for that path alone, so a backup or restore reports the
 * file and goes on instead of ending with an unchecked exception.
 */
public final class FileNames {
    private FileNames() {
    }

    /** The path {@code name} names; a name this JVM cannot encode fails with {@link #unencodable}. */
    public static Path path(FileSystem fs, String name) throws FileSystemException {
        try {
            return fs.getPath(name);
        } catch (InvalidPathException e) {
            throw unencodable(name);
        }
    }

    /** The character set this JVM encodes file names in (its locale's, as {@code sun.jnu.encoding} reports it). */
    public static String charset() {
        return System.getProperty("sun.jnu.encoding");
    }

    /** The error for a path whose name this JVM cannot encode, saying what would let it. */
    public static FileSystemException unencodable(String name) {
        if (LosslessUtf8.hasEscapes(name)) {
            return new FileSystemException(LosslessUtf8.printable(name), null,
                    "its name is not valid UTF-8 on the server it was backed up from (shown with U+FFFD), and this"
                    + " process can only name files in " + charset()
                    + ": restore it onto an SSH server, or download it as a tar, to get the name as it was");
        }
        return new FileSystemException(name, null, "the name cannot be encoded in this process's file name charset "
                + charset() + " (run it in a UTF-8 locale, e.g. LC_ALL=C.UTF-8)");
    }

    /**
     * Why a listed path was not found again by its name: a name whose bytes are not valid in the file name charset
     * is listed with U+FFFD in their place, and no file has that name; otherwise it vanished ({@code e} as it is).
     */
    public static IOException notFoundAgain(String name, NoSuchFileException e) {
        return name.indexOf('\uFFFD') >= 0
                ? new FileSystemException(name, null, "its name is not valid " + charset()
                        + " (shown with U+FFFD): the file cannot be opened by that name")
                : e;
    }
}
