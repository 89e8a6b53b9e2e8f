/**
 * The read side: projections build read models from events, query handlers answer {@code Find…Query}
 * messages from them, and REST controllers serve the API's read routes. Every read model carries
 * {@code tenant_id} under PostgreSQL row-level security, so a read or a projection write sees exactly one
 * tenant's rows, the one bound by {@link io.strata.query.tenancy}.
 */
package io.strata.query;
