package io.strata.engine.codec;

import java.util.HexFormat;

/** Lower-case hexadecimal, the spelling of every object and blob name. */
public final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] b) {
        return HEX.formatHex(b);
    }

    public static byte[] decode(String s) {
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new MalformedEncodingException("not hexadecimal: " + s);
        }
    }

    public static boolean isHex(String s) {
        if (s.isEmpty() || (s.length() & 1) != 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
