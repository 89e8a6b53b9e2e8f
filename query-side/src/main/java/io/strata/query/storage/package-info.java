/**
 * The storage-location read model: names, types and non-secret settings, never credentials; each location's
 * health (AVAILABLE, UNAVAILABLE, UNKNOWN) as its probes' changes recorded it, and the bytes the tenant's
 * repository occupies there as last measured by listing it.
 */
package io.strata.query.storage;
