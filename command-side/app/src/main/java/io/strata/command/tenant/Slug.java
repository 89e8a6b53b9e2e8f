package io.strata.command.tenant;

import io.strata.kernel.error.DomainException;
import io.strata.kernel.error.ErrorKind;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A tenant's slug: the DNS label of its default domain, made from the organisation's name (accents dropped,
 * lower case, runs of other characters as one '-', at most 40 characters). Names that would shadow the
 * platform's own hosts are refused.
 */
public final class Slug {

    static final int MAX_LENGTH = 40;
    static final Set<String> RESERVED = Set.of("www", "api", "app", "admin", "administrator", "portal", "mail",
            "smtp", "imap", "pop", "ftp", "ssh", "vpn", "ns", "ns1", "ns2", "dns", "mx", "strata", "support", "help",
            "status", "docs", "doc", "blog", "static", "assets", "cdn", "auth", "login", "logout", "signup",
            "register", "account", "accounts", "billing", "dashboard", "console", "root", "system", "internal",
            "localhost", "test", "dev", "staging", "prod", "production", "metrics", "grafana", "kibana", "security",
            "abuse", "postmaster", "hostmaster", "webmaster", "noc", "tenant", "tenants");

    private Slug() {
    }

    /** The base slug for an organisation's name; refuses names that reduce to nothing or to a reserved word. */
    public static String from(String organization) {
        String ascii = Normalizer.normalize(organization, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_LENGTH) {
            slug = slug.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "ORGANIZATION_NAME_UNUSABLE",
                    "The organisation name needs at least one letter or digit");
        }
        if (RESERVED.contains(slug)) {
            throw new DomainException(ErrorKind.UNPROCESSABLE, "ORGANIZATION_NAME_RESERVED",
                    "The organisation name '" + organization + "' is reserved; choose another");
        }
        return slug;
    }

    /** The n-th candidate for a taken slug: {@code acme}, {@code acme-2}, {@code acme-3}, … */
    static String candidate(String base, int attempt) {
        if (attempt == 1) {
            return base;
        }
        String suffix = "-" + attempt;
        String head = base.length() + suffix.length() > MAX_LENGTH ? base.substring(0, MAX_LENGTH - suffix.length()) : base;
        return head.replaceAll("-+$", "") + suffix;
    }
}
