package io.strata.kernel.identity;

/**
 * Names of the metadata every command, query and event carries. Correlation copies them from a command to
 * the events it causes, so the audit ledger can tell who asked for each state change, for which tenant.
 */
public final class MetadataKeys {

    /** The tenant the message belongs to. */
    public static final String TENANT_ID = "tenantId";
    /** The user who asked (absent for work the platform starts itself, such as schedules). */
    public static final String USER_ID = "userId";
    /** The request's trace id, to join logs, events and metrics of one request. */
    public static final String TRACE_ID = "traceId";

    private MetadataKeys() {
    }
}
