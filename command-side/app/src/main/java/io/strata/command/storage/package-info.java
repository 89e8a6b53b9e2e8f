/**
 * Storage locations: the {@link io.strata.command.storage.StorageLocation} aggregate, creating locations
 * through the API (a LOCAL location is a directory under the roots the operator allows, by default the
 * node's data directory), and the registry workers read to open a tenant's repository there. The health probe
 * (a recurring task, one node per round) writes, reads back and deletes a small object under the reserved
 * {@code health/} prefix of every location, records only changes of health (AVAILABLE, UNAVAILABLE) on the
 * location, and measures what the repository occupies by listing it.
 */
package io.strata.command.storage;
