package io.strata.kernel.identity;

import java.util.regex.Pattern;

/**
 * The shape every identifier must have: 1 to 64 characters of letters, digits, '-' and '_'. Ids travel in
 * URLs, file names of repositories and event-store keys, so anything else is refused at the boundary.
 */
final class OpaqueId {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private OpaqueId() {
    }

    static String require(String value, String name) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1-64 characters of letters, digits, '-' or '_'");
        }
        return value;
    }

    static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }
}
