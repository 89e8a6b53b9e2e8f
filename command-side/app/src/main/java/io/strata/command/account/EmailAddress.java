package io.strata.command.account;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An email address in its normalised form: trimmed, lower-cased, the domain in ASCII (IDNA). Two spellings
 * of one mailbox are one account.
 */
public record EmailAddress(String value) {

    private static final Pattern LOCAL = Pattern.compile("[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    public static EmailAddress parse(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > 254) {
            throw invalid();
        }
        String trimmed = raw.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1) {
            throw invalid();
        }
        String local = trimmed.substring(0, at).toLowerCase(Locale.ROOT);
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!LOCAL.matcher(local).matches() || local.startsWith(".") || local.endsWith(".") || local.contains("..")
                || !DOMAIN.matcher(domain).matches()) {
            throw invalid();
        }
        return new EmailAddress(local + "@" + domain);
    }

    public String localPart() {
        return value.substring(0, value.lastIndexOf('@'));
    }

    private static DomainException invalid() {
        return new DomainException(ErrorKind.INVALID, "INVALID_EMAIL", "The email address is not valid");
    }

    @Override
    public String toString() {
        return value;
    }
}
