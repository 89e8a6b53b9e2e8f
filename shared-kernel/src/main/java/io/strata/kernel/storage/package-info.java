/**
 * Storage locations: where a tenant's repositories are kept. Only settings that are not secret appear in
 * messages; credentials are sealed on the command side and never leave it.
 */
package io.strata.kernel.storage;
