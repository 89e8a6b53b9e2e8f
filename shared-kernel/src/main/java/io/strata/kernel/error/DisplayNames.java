package io.strata.kernel.error;

import java.util.Map;

/**
 * The one rule for the names tenants give things (servers, plans, storage locations): printable text, not
 * blank once trimmed, no line breaks or other control characters, so a name shows as one line in lists, logs
 * and exports, and is stored as given.
 */
public final class DisplayNames {

    private DisplayNames() {
    }

    /**
     * The name trimmed, or a {@link DomainException} ({@link ErrorKind#INVALID}, {@code code}, field
     * {@code name}) saying what it must be.
     */
    public static String require(String raw, String code, String what) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty() || name.chars().anyMatch(DisplayNames::breaksTheLine)) {
            throw new DomainException(ErrorKind.INVALID, code, "The " + what + " name must be printable text on one line",
                    Map.of("field", "name"));
        }
        return name;
    }

    private static boolean breaksTheLine(int c) {
        int type = Character.getType(c);
        return Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
