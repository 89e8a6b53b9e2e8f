package io.strata.kernel.tenant;

/** Whether a domain routes to its tenant's portal yet. */
public enum DomainStatus {
    /** Serves the tenant's portal (the default domain is active from signup). */
    ACTIVE,
    /** A custom domain waiting for its DNS TXT record to be found. */
    PENDING_VERIFICATION
}
