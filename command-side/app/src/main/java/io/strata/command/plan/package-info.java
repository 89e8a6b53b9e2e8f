/**
 * Backup plans: the {@link io.strata.command.plan.Plan} aggregate, checking a plan's definition against the
 * tenant's servers and storage locations before it is created, and the registry workers read plans from.
 */
package io.strata.command.plan;
