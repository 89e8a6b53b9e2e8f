package io.strata.kernel.network;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A fully qualified DNS host name in canonical form: ASCII (IDNA), lower case, no trailing dot, labels of
 * 1-63 letters, digits and inner hyphens, at most 253 characters, at least two labels.
 */
public record DnsName(String value) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public static Optional<DnsName> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(raw.strip().replaceAll("\\.$", ""), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.empty(); // an IPv4 address is not a DNS name
        }
        return Optional.of(new DnsName(ascii));
    }

    /** True for this name and every name under it. */
    public boolean isWithin(DnsName zone) {
        return value.equals(zone.value) || value.endsWith("." + zone.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
