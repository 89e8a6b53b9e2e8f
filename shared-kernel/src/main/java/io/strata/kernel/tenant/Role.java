package io.strata.kernel.tenant;

/**
 * A member's role in one tenant. Every route states the roles it admits; AUDITOR only ever reads.
 */
public enum Role {
    /** Everything, including granting OWNER and ADMIN. */
    OWNER,
    /** Everything but granting OWNER or ADMIN. */
    ADMIN,
    /** Day-to-day operations: servers, plans, backups, restores. */
    OPERATOR,
    /** Read-only access, for evidence and audits. */
    AUDITOR;

    public boolean canWrite() {
        return this != AUDITOR;
    }
}
