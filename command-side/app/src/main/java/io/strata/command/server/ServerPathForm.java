package io.strata.command.server;

import io.strata.engine.codec.LosslessUtf8;
import io.strata.engine.metadata.FileNames;
import java.nio.file.FileSystemException;

/**
 * The form every path on a server takes in a request (a plan's source paths, a restore's target and paths):
 * absolute and normalised as written (no {@code .}, {@code ..}, doubled or trailing slash, no NUL), and within Linux's
 * limits, each name at most {@value #NAME_MAX} bytes and the whole at most {@value #PATH_MAX} bytes, so that a path no
 * server could ever hold is refused when asked for, not when a run fails on it. Checked as text: an SSH server's
 * names are bytes, whatever this node's locale can name (a name's bytes that are not UTF-8 come as
 * {@link LosslessUtf8} escapes); whether a LOCAL server's path can be named on this host is {@link #nameableHere}.
 */
public final class ServerPathForm {

    static final int NAME_MAX = 255;
    static final int PATH_MAX = 4095;
    /** The rule, as refusals state it: "'x' must be " + RULE. */
    public static final String RULE = "an absolute, normalised path of at most " + PATH_MAX + " bytes, names of at most "
            + NAME_MAX;

    private ServerPathForm() {
    }

    /** Whether {@code raw} is an absolute, normalised path within the limits above. */
    public static boolean isValid(String raw) {
        if (raw == null || !raw.startsWith("/") || raw.indexOf('\0') >= 0
                || LosslessUtf8.encode(raw).length > PATH_MAX) {
            return false;
        }
        if (raw.equals("/")) {
            return true;
        }
        for (String name : raw.substring(1).split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")
                    || LosslessUtf8.encode(name).length > NAME_MAX) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this JVM can name {@code raw} on its own host: where names go to the file system as bytes
     * ({@link FileNames#BYTES}), any path some bytes stand for; otherwise one its locale's character set can encode.
     */
    public static boolean nameableHere(String raw) {
        try {
            FileNames.path(raw);
            return true;
        } catch (FileSystemException e) {
            return false;
        }
    }

    /** Whether {@code path} (valid as above) is {@code directory} (absolute, normalised) or lies under it. */
    public static boolean isWithin(String path, String directory) {
        String dir = directory.replaceAll("/+$", "");
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }
}
