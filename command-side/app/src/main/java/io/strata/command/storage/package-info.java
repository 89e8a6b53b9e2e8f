/**
 * Storage locations: the {@link io.strata.command.storage.StorageLocation} aggregate, creating locations
 * through the API (a LOCAL location is a directory under the roots the operator allows, by default the
 * node's data directory), and the registry workers read to open a tenant's repository there.
 */
package io.strata.command.storage;
