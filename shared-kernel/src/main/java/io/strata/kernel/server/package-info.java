/**
 * Servers a tenant backs up: reached over SSH ({@link io.strata.kernel.server.ServerKind#SSH}: host, port,
 * user, authenticated with the tenant's key) or a directory on the platform host
 * ({@link io.strata.kernel.server.ServerKind#LOCAL}, allowed only under roots the operator configures).
 */
package io.strata.kernel.server;
