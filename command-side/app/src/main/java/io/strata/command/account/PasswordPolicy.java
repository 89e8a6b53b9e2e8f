package io.strata.command.account;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The minimum strength of a password: 12 to 128 characters; at least three kinds of character (lower case,
 * upper case, digits, others) unless it is a passphrase of 20 or more; not one of the commonly used passwords;
 * and not containing the account's email name or the organisation's name. Every reason it fails is listed.
 */
public final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    static final int MAX_LENGTH = 128;
    static final int PASSPHRASE_LENGTH = 20;

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = loadCommonPasswords();
    }

    /** Refuses a weak password with {@code WEAK_PASSWORD} and the list of reasons. */
    public void check(String password, EmailAddress email, String organization) {
        List<String> reasons = new ArrayList<>();
        int length = password == null ? 0 : password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            reasons.add("use at least " + MIN_LENGTH + " characters");
        }
        if (length > MAX_LENGTH) {
            reasons.add("use at most " + MAX_LENGTH + " characters");
        }
        if (password != null && length >= MIN_LENGTH && length < PASSPHRASE_LENGTH && kinds(password) < 3) {
            reasons.add("mix at least three of lower case, upper case, digits and symbols, or use "
                    + PASSPHRASE_LENGTH + " or more characters");
        }
        String lower = password == null ? "" : password.toLowerCase(Locale.ROOT);
        if (common.contains(lower) || common.contains(lower.replaceAll("[0-9!@#$%^&*.]+$", ""))) {
            reasons.add("this password is too common");
        }
        if (email != null && email.localPart().length() >= 4 && lower.contains(email.localPart())) {
            reasons.add("do not include your email address");
        }
        String org = organization == null ? "" : organization.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
        if (org.length() >= 4 && lower.replaceAll("\\s+", "").contains(org)) {
            reasons.add("do not include the organisation's name");
        }
        if (!reasons.isEmpty()) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "WEAK_PASSWORD",
                    "The password is too weak: " + String.join("; ", reasons), Map.of("reasons", reasons));
        }
    }

    private static int kinds(String password) {
        boolean lower = false, upper = false, digit = false, other = false;
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isLowerCase(c)) {
                lower = true;
            } else if (Character.isUpperCase(c)) {
                upper = true;
            } else if (Character.isDigit(c)) {
                digit = true;
            } else {
                other = true;
            }
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
    }

    private static Set<String> loadCommonPasswords() {
        try (var in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the classpath");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> line.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
