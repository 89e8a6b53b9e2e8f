package io.strata.kernel.tenant;

import java.util.List;

/** A tenant as the API shows it. */
public record TenantView(String tenantId, String name, String slug, List<Domain> domains, String sshPublicKey) {

    public TenantView {
        domains = List.copyOf(domains);
    }

    /** One of the tenant's domains; {@code verification} is present while it is pending. */
    public record Domain(String domain, DomainStatus status, boolean isDefault, Verification verification) {
    }

    /** The DNS record that proves control of a custom domain. */
    public record Verification(String type, String name, String value) {
    }
}
