package io.strata.command.browse;

import io.strata.engine.codec.LosslessUtf8;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code path} query parameter with every byte its percent escapes give. The servlet container decodes
 * parameters as UTF-8 and puts U+FFFD where the bytes are not UTF-8; a name that is not UTF-8 on its server (listed
 * in JSON with the escape of U+DC80 to U+DCFF per such byte, see {@link LosslessUtf8}) is asked
 * for with those bytes percent-escaped ({@code %FF}), so those requests are decoded again from the raw query.
 */
final class PathParameter {
    private PathParameter() {
    }

    /** {@code decoded} as is, unless it holds U+FFFD: then {@code rawQuery}'s {@code path} parameter, byte-exact. */
    static String of(String decoded, String rawQuery) {
        if (decoded.indexOf('\uFFFD') < 0 || rawQuery == null) {
            return decoded;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && percentDecoded(pair.substring(0, eq)).equals("path")) {
                return percentDecoded(pair.substring(eq + 1));
            }
        }
        return decoded;
    }

    /** Percent escapes and {@code +} (a space, as in forms) decoded to bytes, the bytes to text losslessly. */
    private static String percentDecoded(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 3;
            } else if (c == '+') {
                bytes.write(' ');
                i++;
            } else {
                int from = i++;
                while (i < s.length() && s.charAt(i) != '%' && s.charAt(i) != '+') {
                    i++;
                }
                bytes.writeBytes(s.substring(from, i).getBytes(StandardCharsets.UTF_8));
            }
        }
        return LosslessUtf8.decode(bytes.toByteArray());
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
