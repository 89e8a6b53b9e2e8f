/**
 * Backups on the command side: the {@link io.strata.command.backup.Backup} aggregate decides levels,
 * claims, retries and outcomes; the run saga turns a request into claimed work and watches its heartbeats;
 * workers run the engine against the server and the tenant's repository.
 */
package io.strata.command.backup;
