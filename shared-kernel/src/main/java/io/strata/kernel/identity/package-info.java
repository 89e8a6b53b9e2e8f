/**
 * Identifiers shared by every feature. Each is an opaque string on the wire (JSON and URLs) and in the
 * event store; {@link io.strata.kernel.identity.TenantOwned} marks a message that belongs to one tenant.
 */
package io.strata.kernel.identity;
