package io.strata.platform.database;

/**
 * Text PostgreSQL can store as it is. It has no NUL character, which no text or jsonb value holds, and no UTF-16
 * surrogate outside a pair: text must be Unicode to be UTF-8, so the driver writes {@code ?} for one and jsonb
 * refuses its escape. Lone surrogates reach the platform as the engine's form of file names that are not UTF-8
 * (each such byte b is U+DC80 + (b - 0x80)), or as JSON escapes of such characters in a request.
 */
public final class StorableText {
    /** What stands for each character that cannot be stored, as a UTF-8 decoder shows bytes it cannot decode. */
    public static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** Whether the text can be stored as it is. */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pairAt(text, i)) {
                i++;
            } else if (c == '\0' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The text with each NUL and each lone surrogate replaced by {@link #REPLACEMENT}; the text itself if storable. */
    public static String storable(String text) {
        if (isStorable(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (pairAt(text, i)) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(c == '\0' || Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return sb.toString();
    }

    private static boolean pairAt(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
