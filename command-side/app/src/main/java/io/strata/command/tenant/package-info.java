/**
 * The {@link io.strata.command.tenant.Tenant} aggregate (members and roles, domains) and what signup needs
 * around it: slugs from organisation names, and domains claimed uniquely across tenants.
 */
package io.strata.command.tenant;
