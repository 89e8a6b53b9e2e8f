/**
 * Restores on the command side: the {@link io.strata.command.restore.Restore} aggregate, requesting one
 * (target checked: the tenant's server, an absolute path, inside a LOCAL server's directory, empty unless
 * overwriting), and the worker that writes the backup's snapshots back with the engine's restorer, into a
 * directory of the platform host (LOCAL) or over SFTP with the server's pinned host key (SSH).
 */
package io.strata.command.restore;
