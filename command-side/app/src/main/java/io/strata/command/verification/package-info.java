/**
 * Verifications on the command side: the {@link io.strata.command.verification.Verification} aggregate,
 * requesting one for a successful backup, and the worker that reads the repository back with the engine's
 * checker and names every damaged object and the backup's files that need it.
 */
package io.strata.command.verification;
