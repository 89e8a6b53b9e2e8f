/**
 * Restores: a successful backup's snapshots written back to a server (its own or another of the tenant's)
 * under a target path, whole or selected paths, every file's SHA-256 checked as it is written.
 */
package io.strata.kernel.restore;
