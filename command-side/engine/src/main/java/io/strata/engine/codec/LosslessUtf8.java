package io.strata.engine.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strings that stand for byte sequences, such as Linux file names and symlink targets, which are bytes and need not
 * be UTF-8. Decoding keeps every byte: valid UTF-8 becomes the characters it encodes, and each byte that is not part
 * of a valid UTF-8 sequence becomes the lone surrogate {@code U+DC80 + (byte - 0x80)} (the scheme Python calls
 * {@code surrogateescape}). Encoding reverses it, so {@code encode(decode(b))} is {@code b} for every {@code b}, and a
 * valid UTF-8 string encodes to its UTF-8 bytes as before.
 *
 * <p>Such strings are not Unicode text: where they become text for people or for storage that must be valid UTF-8
 * (messages, logs, a database), {@link #printable} gives what to show instead.
 */
public final class LosslessUtf8 {
    private static final char ESCAPE_FIRST = '\uDC80';
    private static final char ESCAPE_LAST = '\uDCFF';

    private LosslessUtf8() {
    }

    /** The bytes a string stands for: UTF-8, with escaped bytes put back as they were. */
    public static byte[] encode(String s) {
        if (!hasLoneSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST) {
                out.write(c - 0xDC00);
                i++;
            } else if (pairAt(s, i)) {
                out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
                i += 2;
            } else if (Character.isSurrogate(c)) {
                out.write('?'); // a lone surrogate no decoding produces: as String.getBytes does
                i++;
            } else {
                int from = i;
                while (i < s.length() && !Character.isSurrogate(s.charAt(i))) {
                    i++;
                }
                out.writeBytes(s.substring(from, i).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    /** The string standing for {@code n} bytes of {@code b} from {@code off}. */
    public static String decode(byte[] b, int off, int n) {
        String s = new String(b, off, n, StandardCharsets.UTF_8);
        return s.indexOf('\uFFFD') < 0 ? s : decodeEscaping(b, off, n);
    }

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    /** Whether the string holds escaped bytes (its bytes are not valid UTF-8). */
    public static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (pairAt(s, i)) {
                i++;
            } else if (c >= ESCAPE_FIRST && c <= ESCAPE_LAST) {
                return true;
            }
        }
        return false;
    }

    /**
     * The string for display and for text formats: each escaped byte as {@code U+FFFD} (the replacement character, as
     * a UTF-8 decoder shows it), any other lone surrogate likewise. A string without escapes is returned as is.
     */
    public static String printable(String s) {
        if (!hasLoneSurrogate(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (pairAt(s, i)) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Whether a surrogate stands alone (an escaped byte or worse); pairs are characters beyond U+FFFF. */
    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (pairAt(s, i)) {
                i++;
            } else if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a surrogate pair (one character beyond U+FFFF) starts at {@code i}. */
    private static boolean pairAt(String s, int i) {
        return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private static String decodeEscaping(byte[] b, int off, int n) {
        StringBuilder sb = new StringBuilder(n);
        int i = off;
        int end = off + n;
        while (i < end) {
            int lead = b[i] & 0xFF;
            int len = sequenceLength(b, i, end);
            if (len == 0) {
                sb.append((char) (0xDC00 + lead));
                i++;
            } else {
                sb.append(new String(b, i, len, StandardCharsets.UTF_8));
                i += len;
            }
        }
        return sb.toString();
    }

    /** The length of the valid UTF-8 sequence at {@code i}, or 0 when the byte there does not start one. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int len;
        int min;
        int max;
        if (lead >= 0xC2 && lead <= 0xDF) {
            len = 2;
            min = 0x80;
            max = 0xBF;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            len = 3;
            min = lead == 0xE0 ? 0xA0 : 0x80;          // no overlong forms
            max = lead == 0xED ? 0x9F : 0xBF;          // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            len = 4;
            min = lead == 0xF0 ? 0x90 : 0x80;          // no overlong forms
            max = lead == 0xF4 ? 0x8F : 0xBF;          // nothing above U+10FFFF
        } else {
            return 0;
        }
        if (i + len > end) {
            return 0;
        }
        int second = b[i + 1] & 0xFF;
        if (second < min || second > max) {
            return 0;
        }
        for (int k = 2; k < len; k++) {
            int c = b[i + k] & 0xFF;
            if (c < 0x80 || c > 0xBF) {
                return 0;
            }
        }
        return len;
    }
}
