/**
 * Tenants: an organisation that signed up, its domains (the default {@code <slug>.<base-domain>} and
 * custom ones awaiting DNS verification), its members and their {@link io.strata.kernel.tenant.Role}s,
 * and its SSH key pair (only the public half ever appears in a message).
 */
package io.strata.kernel.tenant;
