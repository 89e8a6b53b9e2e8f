/**
 * Tenants' repositories: one per tenant per storage location, created on first use, its master key wrapped
 * by a key derived from the platform KEK for that tenant (so no two tenants share a wrapping key, and a
 * repository can be opened only with the platform's KEK and the tenant's id).
 */
package io.strata.command.repository;
