package io.strata.command.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The form every path on a server takes in a request (a plan's source paths, a restore's target and paths):
 * absolute and normalised as written (no {@code .}, {@code ..}, doubled or trailing slash), and within Linux's
 * limits, each name at most {@value #NAME_MAX} bytes and the whole at most {@value #PATH_MAX} bytes in UTF-8,
 * so that a path no server could ever hold is refused when asked for, not when a run fails on it.
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
        if (raw == null || raw.getBytes(StandardCharsets.UTF_8).length > PATH_MAX) {
            return false;
        }
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            return false;
        }
        if (!path.isAbsolute() || !path.normalize().toString().equals(raw)) {
            return false;
        }
        for (Path name : path) {
            if (name.toString().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                return false;
            }
        }
        return true;
    }
}
