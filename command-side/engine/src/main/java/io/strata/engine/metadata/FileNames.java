package io.strata.engine.metadata;

import io.strata.engine.codec.LosslessUtf8;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * File names as bytes. Linux names are bytes and need not be UTF-8; the engine holds them as strings that stand for
 * their bytes ({@link LosslessUtf8}: UTF-8, with each byte that is not part of valid UTF-8 as a lone surrogate), as
 * the repository stores them.
 *
 * <p>The JVM's own conversions lose such bytes: it decodes a listed name in its locale's character set, fixed when
 * it starts, with U+FFFD for what does not decode, and encodes a string the same way (in the C or POSIX locale, ASCII
 * only). Where the JDK's {@code sun.nio.fs} is open to this module (the CLI jar's manifest and the platform's start
 * both open it), names skip those conversions: a path is made from the bytes its string stands for and a listed
 * name is read from its bytes, so every name the file system holds is listed, read, created and restored exactly,
 * in any locale ({@link #BYTES}). Elsewhere the JVM's conversions stand, and a name they cannot carry fails for that
 * path alone, as a file that cannot be read ({@link #unencodable}), so a backup or restore reports it and goes on.
 */
public final class FileNames {
    /** {@code new sun.nio.fs.UnixPath(UnixFileSystem, byte[])}, typed (FileSystem, byte[])Path; null if closed to us. */
    private static final MethodHandle FROM_BYTES;
    /** {@code sun.nio.fs.UnixPath.asByteArray()} (its own array, not a copy), typed (Path)byte[]. */
    private static final MethodHandle TO_BYTES;
    /** {@code sun.nio.fs.UnixPath.normalizeAndCheck(String)}: redundant slashes removed, NUL refused. */
    private static final MethodHandle NORMALIZE;
    private static final Class<?> UNIX_PATH;
    private static final FileSystem DEFAULT = FileSystems.getDefault();

    static {
        MethodHandle from = null;
        MethodHandle to = null;
        MethodHandle normalize = null;
        Class<?> unixPath = null;
        try {
            unixPath = Class.forName("sun.nio.fs.UnixPath");
            Class<?> unixFs = Class.forName("sun.nio.fs.UnixFileSystem");
            if (unixFs.isInstance(DEFAULT)) {
                MethodHandles.Lookup l = MethodHandles.privateLookupIn(unixPath, MethodHandles.lookup());
                from = l.findConstructor(unixPath, MethodType.methodType(void.class, unixFs, byte[].class))
                        .asType(MethodType.methodType(Path.class, FileSystem.class, byte[].class));
                to = l.findVirtual(unixPath, "asByteArray", MethodType.methodType(byte[].class))
                        .asType(MethodType.methodType(byte[].class, Path.class));
                normalize = l.findStatic(unixPath, "normalizeAndCheck", MethodType.methodType(String.class, String.class));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            from = null; // not opened to us (no --add-opens java.base/sun.nio.fs), or not this JDK's layout
        }
        FROM_BYTES = from;
        TO_BYTES = from == null ? null : to;
        NORMALIZE = from == null ? null : normalize;
        UNIX_PATH = unixPath;
    }

    /** Whether names go to and from the file system as bytes, whatever this JVM's locale (see the class comment). */
    public static final boolean BYTES = FROM_BYTES != null;

    private FileNames() {
    }

    /**
     * The path {@code name} names: with {@link #BYTES}, the bytes it stands for; otherwise as this JVM encodes it. A
     * name no bytes stand for (a lone surrogate other than an escaped byte) or that this JVM cannot encode fails with
     * {@link #unencodable}.
     */
    public static Path path(FileSystem fs, String name) throws FileSystemException {
        if (BYTES && fs == DEFAULT) {
            if (hasStraySurrogate(name)) {
                throw unencodable(name);
            }
            try {
                return (Path) FROM_BYTES.invokeExact(fs, LosslessUtf8.encode((String) NORMALIZE.invokeExact(name)));
            } catch (InvalidPathException e) {
                throw new FileSystemException(LosslessUtf8.printable(name), null, "not a path: " + e.getReason());
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("making a path from bytes failed", e); // the handles throw nothing checked
            }
        }
        try {
            return fs.getPath(name);
        } catch (InvalidPathException e) {
            throw unencodable(name);
        }
    }

    /** {@link #path(FileSystem, String)} on the default file system. */
    public static Path path(String name) throws FileSystemException {
        return path(DEFAULT, name);
    }

    /** The string standing for a path's file name (its last element), as listed by a directory stream. */
    public static String name(Path p) {
        return text(p.getFileName());
    }

    /** The string standing for a whole path's bytes (a link's target, say). */
    public static String text(Path p) {
        return BYTES && UNIX_PATH.isInstance(p) ? LosslessUtf8.decode(bytes(p)) : p.toString();
    }

    /** The bytes a path names, as system calls take them (this JVM's encoding of its string where not {@link #BYTES}). */
    public static byte[] bytes(Path p) {
        if (BYTES && UNIX_PATH.isInstance(p)) {
            try {
                return (byte[]) TO_BYTES.invokeExact(p);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("reading a path's bytes failed", e);
            }
        }
        return p.toString().getBytes(Charset.forName(charset()));
    }

    /**
     * A path as an argument of a child process ({@code mkfifo}, say), which this JVM encodes in its file name charset:
     * fails, naming {@code shown}, when that would not give the path's bytes (a child given another name would create
     * or change another file).
     */
    public static String argument(Path p, String shown) throws FileSystemException {
        String s = p.toString();
        if (!Arrays.equals(s.getBytes(Charset.forName(charset())), bytes(p))) {
            throw new FileSystemException(LosslessUtf8.printable(shown), null, "its name cannot be passed to a command"
                    + " in this process's file name charset " + charset() + " (run it in a UTF-8 locale, e.g."
                    + " LC_ALL=C.UTF-8; a name that is not UTF-8 cannot be passed at all)");
        }
        return s;
    }

    /** The character set this JVM encodes file names in (its locale's, as {@code sun.jnu.encoding} reports it). */
    public static String charset() {
        return System.getProperty("sun.jnu.encoding");
    }

    /** The error for a path whose name cannot name a file here, saying why. */
    public static FileSystemException unencodable(String name) {
        if (hasStraySurrogate(name)) {
            return new FileSystemException(LosslessUtf8.printable(name), null,
                    "the name holds a UTF-16 surrogate that stands for no byte: it cannot be encoded as a file name");
        }
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
     * Why a listed path was not found again by its name: where this JVM decodes names itself, a name whose bytes are
     * not valid in its charset is listed with U+FFFD in their place, and no file has that name; otherwise it vanished
     * ({@code e} as it is).
     */
    public static IOException notFoundAgain(String name, NoSuchFileException e) {
        return !BYTES && name.indexOf('\uFFFD') >= 0
                ? new FileSystemException(name, null, "its name is not valid " + charset()
                        + " (shown with U+FFFD): the file cannot be opened by that name")
                : e;
    }

    /** A surrogate that is neither half of a pair nor an escaped byte: no bytes stand for it. */
    private static boolean hasStraySurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) && (c < '\uDC80' || c > '\uDCFF')) {
                return true;
            }
        }
        return false;
    }
}
